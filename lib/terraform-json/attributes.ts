/**
 * Readers for Terraform JSON attribute values. cdktf writes a nested block as an object or as an array of
 * objects depending on its schema, and a boolean or number may arrive as a string; these smooth that over.
 */

export type Body = Record<string, unknown>;

export function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A nested block attribute as a list of blocks, whichever of the two shapes it was written in. */
export function blocks(value: unknown): Body[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

export function firstBlock(value: unknown): Body | undefined {
  return blocks(value)[0];
}

export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** A string or a list of strings as a list (IAM's `"Action": "s3:GetObject"` or `["s3:GetObject"]`). */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

export function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** A nested attribute by dotted path through single blocks: `at(body, 'viewer_certificate.acm_certificate_arn')`. */
export function at(body: unknown, path: string): unknown {
  let current: unknown = body;
  for (const key of path.split('.')) {
    const block = Array.isArray(current) ? firstBlock(current) : current;
    if (!isObject(block)) return undefined;
    current = block[key];
  }
  return current;
}
