import { type Expr, type Step, HclSyntaxError, parseExpression, parseTemplate, soleInterpolation } from './hcl';

/**
 * What a traversal names. `address` is the Terraform address of the object it reads (`aws_vpc.main`,
 * `data.aws_iam_policy_document.trust`, `var.zone`, `local.tags`); `attribute` the attribute names after it.
 */
export interface Reference {
  kind: 'resource' | 'data' | 'var' | 'local' | 'module' | 'special' | 'incomplete';
  address: string;
  attribute: string[];
  src: string;
}

/** Roots Terraform provides itself; they never name a declared object. */
const SPECIAL_ROOTS = new Set(['count', 'each', 'self', 'path', 'terraform']);
const SINGLE_NAME_ROOTS = new Set(['var', 'local', 'module']);

function attrNames(steps: Step[]): string[] {
  return steps.flatMap((step) => (step.kind === 'attr' ? [step.name] : []));
}

function traversalReference(root: string, steps: Step[], src: string): Reference {
  const leading = steps.slice(0, root === 'data' ? 2 : 1);
  const names = leading.map((step) => (step.kind === 'attr' ? step.name : undefined));
  const complete = leading.length === (root === 'data' ? 2 : 1) && names.every((n) => n !== undefined);
  if (SPECIAL_ROOTS.has(root)) return { kind: 'special', address: root, attribute: attrNames(steps), src };
  if (!complete) return { kind: 'incomplete', address: src, attribute: [], src };
  const address = [root, ...names].join('.');
  const attribute = attrNames(steps.slice(leading.length));
  if (root === 'data') return { kind: 'data', address, attribute, src };
  if (SINGLE_NAME_ROOTS.has(root)) return { kind: root as 'var' | 'local' | 'module', address, attribute, src };
  return { kind: 'resource', address, attribute, src };
}

/** Every reference an expression makes, leaving out names a `for` expression binds. */
export function referencesInExpr(expr: Expr, bound: ReadonlySet<string> = new Set()): Reference[] {
  const inSteps = (steps: Step[]) => steps.flatMap((s) => (s.kind === 'index' ? referencesInExpr(s.key, bound) : []));
  switch (expr.kind) {
    case 'literal':
      return [];
    case 'traversal':
      return [
        ...(bound.has(expr.root) ? [] : [traversalReference(expr.root, expr.steps, expr.src)]),
        ...inSteps(expr.steps),
      ];
    case 'postfix':
      return [...referencesInExpr(expr.target, bound), ...inSteps(expr.steps)];
    case 'template':
      return expr.parts.flatMap((part) =>
        typeof part === 'string' ? [] : referencesInExpr(part.expr, new Set([...bound, ...(part.binds ?? [])])),
      );
    case 'call':
      return expr.args.flatMap((arg) => referencesInExpr(arg, bound));
    case 'tuple':
      return expr.items.flatMap((item) => referencesInExpr(item, bound));
    case 'object':
      return expr.entries.flatMap(({ key, value }) => [
        ...referencesInExpr(key, bound),
        ...referencesInExpr(value, bound),
      ]);
    case 'for': {
      const inner = new Set([...bound, ...expr.variables]);
      return [...referencesInExpr(expr.collection, bound), ...expr.body.flatMap((e) => referencesInExpr(e, inner))];
    }
    case 'operation':
      return expr.operands.flatMap((operand) => referencesInExpr(operand, bound));
  }
}

const NO_REFERENCES: readonly Reference[] = Object.freeze([]);
/**
 * Parsed templates by their text. The policy checker asks for the references of the same strings once per rule
 * (`users`, `referrers`, `mentions` walk whole blocks): parsing each of them again was most of its CPU. Strings
 * cannot change, so the answer cannot go stale; the size bound only caps memory in a long-lived process.
 */
const parsedTemplates = new Map<string, readonly Reference[]>();
const PARSED_TEMPLATES_KEPT = 50_000;

function frozenReference(ref: Reference): Reference {
  Object.freeze(ref.attribute);
  return Object.freeze(ref);
}

/**
 * References in one JSON string value (a Terraform template). Throws HclSyntaxError on malformed text. The result is
 * shared between callers, so it is frozen.
 */
export function referencesInString(text: string): readonly Reference[] {
  if (!text.includes('${') && !text.includes('%{')) return NO_REFERENCES;
  let refs = parsedTemplates.get(text);
  if (refs === undefined) {
    refs = Object.freeze(
      referencesInExpr({ kind: 'template', parts: parseTemplate(text), src: text }).map(frozenReference),
    );
    if (parsedTemplates.size >= PARSED_TEMPLATES_KEPT) parsedTemplates.clear();
    parsedTemplates.set(text, refs);
  }
  return refs;
}

/** A `depends_on` entry: cdktf writes bare addresses (`aws_vpc.main`), hand-written JSON may wrap them in `${}`. */
export function dependsOnReference(entry: string): Reference[] {
  const inner = /^\$\{(.*)\}$/s.exec(entry)?.[1] ?? entry;
  return referencesInExpr(parseExpression(inner));
}

/** Visits every string under a JSON value with its attribute path, skipping `//` comment keys. */
export function forEachString(value: unknown, visit: (text: string, path: string) => void, path = ''): void {
  if (typeof value === 'string') {
    visit(value, path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => forEachString(item, visit, `${path}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key !== '//') forEachString(child, visit, path ? `${path}.${key}` : key);
    }
  }
}

/**
 * All references under a JSON value. Malformed text yields none here: the reference check reports it,
 * and no other rule should fail for a reason that is not its own.
 */
export function referencesIn(value: unknown): Reference[] {
  const found: Reference[] = [];
  forEachStringValue(value, (text) => {
    try {
      found.push(...referencesInString(text));
    } catch (error) {
      if (!(error instanceof HclSyntaxError)) throw error;
    }
  });
  return found;
}

/** forEachString without the paths, for callers that do not need them: building each one cost more than the visit. */
function forEachStringValue(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') {
    visit(value);
  } else if (Array.isArray(value)) {
    for (const item of value) forEachStringValue(item, visit);
  } else if (value && typeof value === 'object') {
    for (const key in value) {
      if (key !== '//' && Object.hasOwn(value, key)) forEachStringValue((value as Record<string, unknown>)[key], visit);
    }
  }
}

/** The reference a value consists of, when it is exactly one `${traversal}` (as cdktf writes `vpc.id`). */
export function soleReference(value: unknown): Reference | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const expr = soleInterpolation(value);
    return expr?.kind === 'traversal' ? referencesInExpr(expr)[0] : undefined;
  } catch (error) {
    if (error instanceof HclSyntaxError) return undefined;
    throw error;
  }
}

/** Whether a value mentions the object at `address` anywhere (`${aws_vpc.main.id}`, `${aws_vpc.main.arn}/*`). */
export function mentions(value: unknown, address: string): boolean {
  return referencesIn(value).some((ref) => ref.address === address);
}
