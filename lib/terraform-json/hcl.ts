/**
 * A parser for the HCL expressions cdktf writes inside JSON strings: `${aws_vpc.x.id}`,
 * `${jsonencode({"Version" = "2012-10-17", ...})}`, `${[for s in aws_subnet.a : s.id]}`, function calls,
 * operators and conditionals. It keeps every node's source text, so a value the checker cannot compute
 * (a reference, a call) can be shown, and compared, exactly as Terraform would see it.
 *
 * Only the expression language is covered; heredocs never occur inside JSON strings.
 */

export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null; src: string }
  | { kind: 'template'; parts: TemplatePart[]; src: string }
  | { kind: 'traversal'; root: string; steps: Step[]; src: string }
  | { kind: 'postfix'; target: Expr; steps: Step[]; src: string }
  | { kind: 'call'; name: string; args: Expr[]; src: string }
  | { kind: 'tuple'; items: Expr[]; src: string }
  | { kind: 'object'; entries: { key: Expr; value: Expr }[]; src: string }
  | { kind: 'for'; variables: string[]; collection: Expr; body: Expr[]; src: string }
  | { kind: 'operation'; operands: Expr[]; src: string };

export type Step = { kind: 'attr'; name: string } | { kind: 'index'; key: Expr } | { kind: 'splat' };

/** A template is literal text and interpolations; a `for` directive binds names for the parts after it. */
export type TemplatePart = string | { expr: Expr; binds?: string[] };

export class HclSyntaxError extends Error {
  constructor(message: string, text: string, position: number) {
    super(`${message} at offset ${position} of ${JSON.stringify(text.length > 160 ? `${text.slice(0, 160)}…` : text)}`);
    this.name = 'HclSyntaxError';
  }
}

const KEYWORD_LITERALS: Record<string, boolean | null> = { true: true, false: false, null: null };
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_-]/;
const BINARY_LEVELS: string[][] = [['||'], ['&&'], ['==', '!='], ['<=', '>=', '<', '>'], ['+', '-'], ['*', '/', '%']];
const HCL_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string): never {
    throw new HclSyntaxError(message, this.text, this.pos);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  peek(token: string): boolean {
    this.skipSpace();
    return this.text.startsWith(token, this.pos);
  }

  accept(token: string): boolean {
    if (!this.peek(token)) return false;
    this.pos += token.length;
    return true;
  }

  expect(token: string): void {
    if (!this.accept(token)) this.fail(`expected "${token}"`);
  }

  peekKeyword(word: string): boolean {
    this.skipSpace();
    return this.text.startsWith(word, this.pos) && !IDENT_PART.test(this.text[this.pos + word.length] ?? '');
  }

  identifier(): string {
    this.skipSpace();
    const start = this.pos;
    if (!IDENT_START.test(this.text[this.pos] ?? '')) this.fail('expected an identifier');
    while (IDENT_PART.test(this.text[this.pos] ?? '') || this.text.startsWith('::', this.pos)) {
      this.pos += this.text.startsWith('::', this.pos) ? 2 : 1;
    }
    return this.text.slice(start, this.pos);
  }

  expression(): Expr {
    this.skipSpace();
    const start = this.pos;
    const condition = this.binary(0);
    if (!this.peek('?')) return condition;
    this.pos++;
    const whenTrue = this.expression();
    this.expect(':');
    const whenFalse = this.expression();
    return { kind: 'operation', operands: [condition, whenTrue, whenFalse], src: this.text.slice(start, this.pos) };
  }

  binary(level: number): Expr {
    if (level === BINARY_LEVELS.length) return this.unary();
    this.skipSpace();
    const start = this.pos;
    let left = this.binary(level + 1);
    for (;;) {
      this.skipSpace();
      const op = BINARY_LEVELS[level].find((o) => this.text.startsWith(o, this.pos));
      if (!op) return left;
      this.pos += op.length;
      const right = this.binary(level + 1);
      left = { kind: 'operation', operands: [left, right], src: this.text.slice(start, this.pos) };
    }
  }

  unary(): Expr {
    this.skipSpace();
    const start = this.pos;
    if (this.text[this.pos] === '!' || (this.text[this.pos] === '-' && !/\d/.test(this.text[this.pos + 1] ?? ''))) {
      this.pos++;
      const operand = this.unary();
      return { kind: 'operation', operands: [operand], src: this.text.slice(start, this.pos) };
    }
    return this.postfix(this.primary(), start);
  }

  postfix(target: Expr, start: number): Expr {
    const steps: Step[] = [];
    for (;;) {
      if (this.text.startsWith('.*', this.pos) || this.text.startsWith('[*]', this.pos)) {
        this.pos += this.text[this.pos] === '.' ? 2 : 3;
        steps.push({ kind: 'splat' });
      } else if (this.text[this.pos] === '.' && this.text[this.pos + 1] !== '.') {
        this.pos++;
        const digits = /^\d+/.exec(this.text.slice(this.pos));
        if (digits) {
          this.pos += digits[0].length;
          steps.push({ kind: 'index', key: { kind: 'literal', value: Number(digits[0]), src: digits[0] } });
        } else {
          steps.push({ kind: 'attr', name: this.identifier() });
        }
      } else if (this.text[this.pos] === '[') {
        this.pos++;
        const key = this.expression();
        this.expect(']');
        steps.push({ kind: 'index', key });
      } else {
        break;
      }
    }
    if (steps.length === 0) return target;
    const src = this.text.slice(start, this.pos);
    if (target.kind === 'traversal') return { ...target, steps: [...target.steps, ...steps], src };
    return { kind: 'postfix', target, steps, src };
  }

  primary(): Expr {
    this.skipSpace();
    const start = this.pos;
    const ch = this.text[this.pos];
    if (ch === undefined) this.fail('unexpected end of expression');
    if (ch === '"') return this.quoted();
    if (ch === '(') {
      this.pos++;
      const inner = this.expression();
      this.expect(')');
      return { kind: 'operation', operands: [inner], src: this.text.slice(start, this.pos) };
    }
    if (ch === '[') return this.tupleOrFor();
    if (ch === '{') return this.objectOrFor();
    if (ch === '<' && this.text.startsWith('<<', this.pos)) this.fail('heredoc templates are not supported');
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      return { kind: 'literal', value: Number(number[0]), src: number[0] };
    }
    const name = this.identifier();
    if (name in KEYWORD_LITERALS) return { kind: 'literal', value: KEYWORD_LITERALS[name], src: name };
    if (this.peek('(')) return this.call(name, start);
    return { kind: 'traversal', root: name, steps: [], src: name };
  }

  call(name: string, start: number): Expr {
    this.expect('(');
    const args: Expr[] = [];
    while (!this.accept(')')) {
      args.push(this.expression());
      this.accept('...');
      if (!this.accept(',') && !this.peek(')')) this.fail(`expected "," or ")" in the arguments of ${name}()`);
    }
    return { kind: 'call', name, args, src: this.text.slice(start, this.pos) };
  }

  tupleOrFor(): Expr {
    const start = this.pos;
    this.expect('[');
    if (this.peekKeyword('for')) return this.forExpression(start, ']');
    const items: Expr[] = [];
    while (!this.accept(']')) {
      items.push(this.expression());
      if (!this.accept(',') && !this.peek(']')) this.fail('expected "," or "]" in a tuple');
    }
    return { kind: 'tuple', items, src: this.text.slice(start, this.pos) };
  }

  objectOrFor(): Expr {
    const start = this.pos;
    this.expect('{');
    if (this.peekKeyword('for')) return this.forExpression(start, '}');
    const entries: { key: Expr; value: Expr }[] = [];
    while (!this.accept('}')) {
      const key = this.objectKey();
      this.expectAssignment();
      entries.push({ key, value: this.expression() });
      this.accept(',');
    }
    return { kind: 'object', entries, src: this.text.slice(start, this.pos) };
  }

  /** A bare identifier as an object key is a literal string in HCL, not a reference. */
  objectKey(): Expr {
    this.skipSpace();
    const start = this.pos;
    if (IDENT_START.test(this.text[this.pos] ?? '')) {
      const name = this.identifier();
      this.skipSpace();
      if (this.text[this.pos] === '=' || this.text[this.pos] === ':') {
        return { kind: 'literal', value: name, src: name };
      }
      this.pos = start;
    }
    return this.binary(0);
  }

  /** Object entries use `=` or `:` between key and value. */
  expectAssignment(): void {
    this.skipSpace();
    const ch = this.text[this.pos];
    if ((ch !== '=' && ch !== ':') || this.text[this.pos + 1] === '=')
      this.fail('expected "=" or ":" after an object key');
    this.pos++;
  }

  forExpression(start: number, close: ']' | '}'): Expr {
    this.pos += 'for'.length;
    const variables = [this.identifier()];
    if (this.accept(',')) variables.push(this.identifier());
    if (!this.peekKeyword('in')) this.fail('expected "in" in a for expression');
    this.pos += 2;
    const collection = this.expression();
    this.expect(':');
    const body = [this.expression()];
    if (close === '}') {
      this.expect('=>');
      body.push(this.expression());
      this.accept('...');
    }
    if (this.peekKeyword('if')) {
      this.pos += 2;
      body.push(this.expression());
    }
    this.expect(close);
    return { kind: 'for', variables, collection, body, src: this.text.slice(start, this.pos) };
  }

  quoted(): Expr {
    const start = this.pos;
    this.pos++;
    const parts = this.templateParts('"');
    return { kind: 'template', parts, src: this.text.slice(start, this.pos) };
  }

  /**
   * Reads template text up to `end` (a closing quote, or the end of input for a JSON string value).
   * Backslash escapes exist only inside quoted HCL strings; in a JSON value they were decoded already.
   */
  templateParts(end: '"' | undefined): TemplatePart[] {
    const parts: TemplatePart[] = [];
    let literal = '';
    let binds: string[] | undefined;
    const flush = () => {
      if (literal) parts.push(literal);
      literal = '';
    };
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) {
        if (end) this.fail('unterminated string');
        break;
      }
      if (end && ch === end) {
        this.pos++;
        break;
      }
      if (end && ch === '\\') {
        const next = this.text[this.pos + 1];
        if (next === 'u') {
          literal += String.fromCharCode(parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else {
          literal += HCL_ESCAPES[next] ?? next;
          this.pos += 2;
        }
      } else if (this.text.startsWith('$${', this.pos) || this.text.startsWith('%%{', this.pos)) {
        literal += `${ch}{`;
        this.pos += 3;
      } else if (this.text.startsWith('${', this.pos)) {
        flush();
        this.pos += 2;
        this.accept('~');
        const expr = this.expression();
        this.accept('~');
        this.expect('}');
        parts.push(binds ? { expr, binds } : { expr });
      } else if (this.text.startsWith('%{', this.pos)) {
        flush();
        binds = this.directive(parts, binds);
      } else {
        literal += ch;
        this.pos++;
      }
    }
    flush();
    return parts;
  }

  /** `%{if x}`, `%{for k, v in xs}`, `%{else}`, `%{endif}`, `%{endfor}`: keeps their expressions and bound names. */
  directive(parts: TemplatePart[], binds: string[] | undefined): string[] | undefined {
    this.pos += 2;
    this.accept('~');
    const keyword = this.identifier();
    let nextBinds = binds;
    if (keyword === 'if') {
      parts.push({ expr: this.expression(), binds });
    } else if (keyword === 'for') {
      const names = [this.identifier()];
      if (this.accept(',')) names.push(this.identifier());
      if (!this.peekKeyword('in')) this.fail('expected "in" in a for directive');
      this.pos += 2;
      parts.push({ expr: this.expression(), binds });
      nextBinds = [...(binds ?? []), ...names];
    } else if (!['else', 'endif', 'endfor'].includes(keyword)) {
      this.fail(`unknown template directive "${keyword}"`);
    }
    this.accept('~');
    this.expect('}');
    return nextBinds;
  }
}

const templateCache = new Map<string, TemplatePart[]>();

/** Parses a JSON string value as Terraform does: literal text with `${...}` interpolations. */
export function parseTemplate(text: string): TemplatePart[] {
  const cached = templateCache.get(text);
  if (cached) return cached;
  const parser = new Parser(text);
  const parts = parser.templateParts(undefined);
  templateCache.set(text, parts);
  return parts;
}

/** Parses one bare expression (the contents of a `${...}`, or a `depends_on` entry). */
export function parseExpression(text: string): Expr {
  const parser = new Parser(text);
  const expr = parser.expression();
  parser.skipSpace();
  if (parser.pos !== text.length) parser.fail('unexpected text after the expression');
  return expr;
}

/** The single expression of a string that is exactly one interpolation (`"${...}"`), else undefined. */
export function soleInterpolation(text: string): Expr | undefined {
  if (!text.startsWith('${')) return undefined;
  const parts = parseTemplate(text);
  return parts.length === 1 && typeof parts[0] !== 'string' ? parts[0].expr : undefined;
}

/**
 * The JSON value an expression denotes where it can be computed without Terraform (literals, tuples,
 * objects, templates); anything else (a reference, a call) becomes the string `${source}`, the same text
 * a `JSON.stringify`-built document holds at that spot.
 */
export function evaluate(expr: Expr): unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'tuple':
      return expr.items.map(evaluate);
    case 'object':
      return Object.fromEntries(expr.entries.map(({ key, value }) => [String(evaluate(key)), evaluate(value)]));
    case 'template':
      return renderTemplate(expr.parts);
    case 'call':
      return ['tolist', 'toset'].includes(expr.name) && expr.args.length === 1
        ? evaluate(expr.args[0])
        : `\${${expr.src}}`;
    default:
      return `\${${expr.src}}`;
  }
}

export function renderTemplate(parts: TemplatePart[]): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const value = evaluate(part.expr);
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : `\${${part.expr.src}}`;
    })
    .join('');
}

/** Calls `visit` on an expression and every expression inside it. */
export function walkExpr(expr: Expr, visit: (node: Expr) => void): void {
  visit(expr);
  const stepKeys = (steps: Step[]) => steps.flatMap((s) => (s.kind === 'index' ? [s.key] : []));
  const children: Expr[] = (() => {
    switch (expr.kind) {
      case 'literal':
        return [];
      case 'traversal':
        return stepKeys(expr.steps);
      case 'postfix':
        return [expr.target, ...stepKeys(expr.steps)];
      case 'template':
        return expr.parts.flatMap((part) => (typeof part === 'string' ? [] : [part.expr]));
      case 'call':
        return expr.args;
      case 'tuple':
        return expr.items;
      case 'object':
        return expr.entries.flatMap(({ key, value }) => [key, value]);
      case 'for':
        return [expr.collection, ...expr.body];
      case 'operation':
        return expr.operands;
    }
  })();
  for (const child of children) walkExpr(child, visit);
}
