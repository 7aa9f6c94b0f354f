import { isDeepStrictEqual } from 'node:util';

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

/** True when `value` is `true` or holds a `true` anywhere (Terraform's after_unknown marks unknown leaves so). */
function holdsTrue(value: unknown): boolean {
  if (value === true) return true;
  if (Array.isArray(value)) return value.some(holdsTrue);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsTrue);
  return false;
}

/**
 * Names of the top-level attributes that differ between two versions of a resource, sorted. Only names:
 * callers print them, and values may be secrets. `unknownAfter` (a plan's after_unknown) adds the
 * attributes whose new value is only known after apply.
 */
export function changedTopLevelAttributes(before: unknown, after: unknown, unknownAfter?: unknown): string[] {
  const old = asObject(before);
  const next = asObject(after);
  const unknown = asObject(unknownAfter);
  const names = new Set([...Object.keys(old), ...Object.keys(next)]);
  return [...names].filter((name) => !isDeepStrictEqual(old[name], next[name]) || holdsTrue(unknown[name])).sort();
}
