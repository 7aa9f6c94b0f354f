/**
 * A small schema language: enough to describe this API's JSON, and the only description of it. `validate`
 * checks request bodies against a schema and `toJsonSchema` renders the same schema into the OpenAPI
 * document, so the two cannot disagree.
 */

/** A check JSON Schema cannot express. `description` goes into the document, `check` runs on requests. */
export interface Rule<T> {
  readonly description: string;
  /** Returns why the value is refused, or undefined when it passes. */
  readonly check: (value: T) => string | undefined;
}

interface Common {
  readonly description?: string;
  readonly nullable?: boolean;
}

export interface StringSchema extends Common {
  readonly type: 'string';
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Anchored (^...$); checked after the length bounds. */
  readonly pattern?: RegExp;
  readonly format?: 'uri' | 'date-time';
  readonly examples?: readonly string[];
  readonly rules?: readonly Rule<string>[];
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

export type Schema = StringSchema | IntegerSchema | ArraySchema | ObjectSchema;

/** The TypeScript type of a value that passed `validate`. */
export type Infer<S> = S extends { readonly nullable: true } ? InferBase<S> | null : InferBase<S>;
type InferBase<S> = S extends StringSchema
  ? string
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

export function validate<S extends Schema>(schema: S, value: unknown): ValidationResult<Infer<S>> {
  const issues: ValidationIssue[] = [];
  check(schema, value, '', issues);
  return issues.length === 0 ? { ok: true, value: value as Infer<S> } : { ok: false, issues };
}

function check(schema: Schema, value: unknown, pointer: string, issues: ValidationIssue[]): void {
  const fail = (detail: string) => issues.push({ pointer, detail });
  if (value === null) {
    if (!schema.nullable) fail(`must be ${article(schema.type)}, not null`);
    return;
  }
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return void fail(`must be a string, not ${describe(value)}`);
      return checkString(schema, value, fail);
    case 'integer':
      if (!Number.isSafeInteger(value)) fail(`must be an integer, not ${describe(value)}`);
      return;
    case 'array':
      if (!Array.isArray(value)) return void fail(`must be an array, not ${describe(value)}`);
      value.forEach((item, index) => check(schema.items, item, `${pointer}/${index}`, issues));
      return;
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value))
        return void fail(`must be an object, not ${describe(value)}`);
      return checkObject(schema, value as Record<string, unknown>, pointer, issues);
  }
}

function checkString(schema: StringSchema, value: string, fail: (detail: string) => void): void {
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    return fail(`must be at least ${schema.minLength} characters long (got ${value.length})`);
  }
  if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    return fail(`must be at most ${schema.maxLength} characters long (got ${value.length})`);
  }
  if (schema.pattern !== undefined && !schema.pattern.test(value)) {
    return fail(`must match ${schema.pattern.source}`);
  }
  for (const rule of schema.rules ?? []) {
    const detail = rule.check(value);
    if (detail !== undefined) return fail(detail);
  }
}

function checkObject(schema: ObjectSchema, value: Record<string, unknown>, pointer: string, issues: ValidationIssue[]) {
  for (const name of schema.required) {
    if (!Object.hasOwn(value, name))
      issues.push({ pointer: `${pointer}/${escapePointer(name)}`, detail: 'is required' });
  }
  for (const [name, member] of Object.entries(value)) {
    const memberPointer = `${pointer}/${escapePointer(name)}`;
    const memberSchema = Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
    if (memberSchema === undefined) {
      issues.push({
        pointer: memberPointer,
        detail: `is not a known field (known: ${Object.keys(schema.properties).join(', ')})`,
      });
    } else {
      check(memberSchema, member, memberPointer, issues);
    }
  }
}

/** OpenAPI 3.1 Schema Object (JSON Schema 2020-12). */
export function toJsonSchema(schema: Schema): Record<string, unknown> {
  const type = schema.nullable ? [schema.type, 'null'] : schema.type;
  const description = schema.description;
  switch (schema.type) {
    case 'string': {
      const rules = schema.rules?.map((rule) => rule.description) ?? [];
      return compact({
        type,
        description: [description, ...rules].filter(Boolean).join(' ') || undefined,
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
