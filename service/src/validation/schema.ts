/**
 * A small schema language: enough to describe this API's JSON, and the only description of it. `validate`
 * checks request bodies against a schema and `toJsonSchema` renders the same schema into the OpenAPI
 * document, so the two cannot disagree.
 */

/** A check JSON Schema cannot express. `description` goes into the document, `check` runs on requests. */
export interface Rule<T> {
  readonly description: string;
  /**
   * Returns why the value is refused, or undefined when it passes. Method syntax on purpose: its parameter is
   * then compared bivariantly, so a `StringSchema<URL>` still counts as a `Schema`.
   */
  check(value: T): string | undefined;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly detail: string };

/**
 * Turns text that passed a string's own checks into the value the code works with, once per request: the
 * rules after it and the caller of `validate` get that value instead of parsing the text again.
 */
export interface Parser<T> {
  /** Goes into the document after the string's rules, when the parse step demands something of its own. */
  readonly description?: string;
  readonly parse: (text: string) => Parsed<T>;
  /** Checks on the parsed value, in order, after a successful parse. */
  readonly rules?: readonly Rule<T>[];
}

interface Common {
  readonly description?: string;
  readonly nullable?: boolean;
}

/** `T` is what validation yields: the text itself, or what `parse` makes of it (required unless `T` is string). */
export interface StringSchema<T = string> extends Common {
  readonly type: 'string';
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Anchored (^...$); checked after the length bounds. */
  readonly pattern?: RegExp;
  readonly format?: 'uri' | 'date-time';
  readonly examples?: readonly string[];
  /** Checks on the text, in order, after the pattern. */
  readonly rules?: readonly Rule<string>[];
  readonly parse?: Parser<T>;
}

export interface IntegerSchema extends Common {
  readonly type: 'integer';
  readonly examples?: readonly number[];
}

export interface ArraySchema<Item extends Schema = Schema> extends Common {
  readonly type: 'array';
  readonly items: Item;
}

export interface ObjectSchema<
  Properties extends Readonly<Record<string, Schema>> = Readonly<Record<string, Schema>>,
  Required extends keyof Properties & string = keyof Properties & string,
> extends Common {
  readonly type: 'object';
  readonly properties: Properties;
  readonly required: readonly Required[];
}

export type Schema = StringSchema<unknown> | IntegerSchema | ArraySchema | ObjectSchema;

/** The TypeScript type of a value that passed `validate`. */
export type Infer<S> = S extends { readonly nullable: true } ? InferBase<S> | null : InferBase<S>;
type InferBase<S> =
  S extends StringSchema<infer T>
    ? unknown extends T // nothing to infer from: a string literal schema without `parse`
      ? string
      : T
    : S extends IntegerSchema
      ? number
      : S extends ArraySchema<infer Item>
        ? Infer<Item>[]
        : S extends ObjectSchema<infer Properties, infer Required>
          ? { [K in Required]: Infer<Properties[K]> } & {
              [K in Exclude<keyof Properties, Required>]?: Infer<Properties[K]>;
            }
          : never;

export function objectSchema<
  const Properties extends Readonly<Record<string, Schema>>,
  const Required extends keyof Properties & string,
>(description: string, properties: Properties, required: readonly Required[]): ObjectSchema<Properties, Required> {
  return { type: 'object', description, properties, required };
}

/** One failed check, located by JSON Pointer (RFC 6901) as RFC 9457 §3.2's example `errors` member does. */
export interface ValidationIssue {
  readonly pointer: string;
  readonly detail: string;
}

export type ValidationResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: ValidationIssue[] };

/** On success, `value` is a copy of the input in which every string with a `parse` step holds what it parsed to. */
export function validate<S extends Schema>(schema: S, value: unknown): ValidationResult<Infer<S>> {
  const issues: ValidationIssue[] = [];
  const checked = check(schema, value, '', issues);
  return issues.length === 0 ? { ok: true, value: checked as Infer<S> } : { ok: false, issues };
}

/** Records what is wrong in `issues` and returns the checked value (meaningless once an issue is recorded). */
function check(schema: Schema, value: unknown, pointer: string, issues: ValidationIssue[]): unknown {
  const fail = (detail: string) => void issues.push({ pointer, detail });
  if (value === null) {
    if (!schema.nullable) fail(`must be ${article(schema.type)}, not null`);
    return value;
  }
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return fail(`must be a string, not ${describe(value)}`);
      return checkString(schema, value, fail);
    case 'integer':
      if (!Number.isSafeInteger(value)) fail(`must be an integer, not ${describe(value)}`);
      return value;
    case 'array':
      if (!Array.isArray(value)) return fail(`must be an array, not ${describe(value)}`);
      return value.map((item, index) => check(schema.items, item, `${pointer}/${index}`, issues));
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) return fail(`must be an object, not ${describe(value)}`);
      return checkObject(schema, value as Record<string, unknown>, pointer, issues);
  }
}

function checkString(schema: StringSchema<unknown>, value: string, fail: (detail: string) => void): unknown {
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    return fail(`must be at least ${schema.minLength} characters long (got ${value.length})`);
  }
  if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    return fail(`must be at most ${schema.maxLength} characters long (got ${value.length})`);
  }
  if (schema.pattern !== undefined && !schema.pattern.test(value)) {
    return fail(`must match ${schema.pattern.source}`);
  }
  const refusal = firstRefusal(schema.rules, value);
  if (refusal !== undefined) return fail(refusal);
  if (schema.parse === undefined) return value;
  const parsed = schema.parse.parse(value);
  if (!parsed.ok) return fail(parsed.detail);
  const parsedRefusal = firstRefusal(schema.parse.rules, parsed.value);
  return parsedRefusal === undefined ? parsed.value : fail(parsedRefusal);
}

function firstRefusal<T>(rules: readonly Rule<T>[] | undefined, value: T): string | undefined {
  for (const rule of rules ?? []) {
    const detail = rule.check(value);
    if (detail !== undefined) return detail;
  }
  return undefined;
}

function checkObject(
  schema: ObjectSchema,
  value: Record<string, unknown>,
  pointer: string,
  issues: ValidationIssue[],
): Record<string, unknown> {
  for (const name of schema.required) {
    if (!Object.hasOwn(value, name))
      issues.push({ pointer: `${pointer}/${escapePointer(name)}`, detail: 'is required' });
  }
  const checked: [string, unknown][] = [];
  for (const [name, member] of Object.entries(value)) {
    const memberPointer = `${pointer}/${escapePointer(name)}`;
    const memberSchema = Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
    if (memberSchema === undefined) {
      issues.push({
        pointer: memberPointer,
        detail: `is not a known field (known: ${Object.keys(schema.properties).join(', ')})`,
      });
    } else {
      checked.push([name, check(memberSchema, member, memberPointer, issues)]);
    }
  }
  // fromEntries defines own properties, so a member named __proto__ stays data, never a prototype.
  return Object.fromEntries(checked);
}

/** OpenAPI 3.1 Schema Object (JSON Schema 2020-12). */
export function toJsonSchema(schema: Schema): Record<string, unknown> {
  const type = schema.nullable ? [schema.type, 'null'] : schema.type;
  const description = schema.description;
  switch (schema.type) {
    case 'string': {
      const { rules = [], parse } = schema;
      const demands = [...rules.map(ruleText), parse?.description, ...(parse?.rules ?? []).map(ruleText)];
      return compact({
        type,
        description: [description, ...demands].filter(Boolean).join(' ') || undefined,
        minLength: schema.minLength,
        maxLength: schema.maxLength,
        pattern: schema.pattern?.source,
        format: schema.format,
        examples: schema.examples,
      });
    }
    case 'integer':
      return compact({ type, description, examples: schema.examples });
    case 'array':
      return compact({ type, description, items: toJsonSchema(schema.items) });
    case 'object':
      return compact({
        type,
        description,
        properties: Object.fromEntries(
          Object.entries(schema.properties).map(([name, member]) => [name, toJsonSchema(member)]),
        ),
        required: schema.required.length > 0 ? schema.required : undefined,
        additionalProperties: false,
      });
  }
}

function ruleText(rule: Rule<never>): string {
  return rule.description;
}

function compact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

function escapePointer(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

function article(type: Schema['type']): string {
  return type === 'array' || type === 'object' || type === 'integer' ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'number' ? `the number ${value}` : `a ${typeof value}`;
}
