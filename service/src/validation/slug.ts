import { API_PREFIX, HEALTH_PATH, READY_PATH } from '../contract';
import type { StringSchema } from './schema';

export const SLUG_PATTERN = /^[A-Za-z0-9_-]{3,64}$/;

/**
 * Paths the service or the edge already answer, or that browsers and crawlers ask every host for. Compared
 * case-insensitively so `API` cannot shadow `/api` for a reader. Names with a dot cannot match the slug
 * pattern anyway; they are listed so the list says what it protects.
 */
const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  ...[API_PREFIX, HEALTH_PATH, READY_PATH].map((path) => path.slice(1)),
  'openapi.json',
  'favicon.ico',
  'robots.txt',
  'sitemap.xml',
  '.well-known',
  'static',
  'assets',
  'admin',
]);

export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slug.toLowerCase());
}

/** Could a link be stored under this path segment? Cheap enough to run before every lookup. */
export function isPossibleSlug(segment: string): boolean {
  return SLUG_PATTERN.test(segment) && !isReservedSlug(segment);
}

export const slugSchema: StringSchema = {
  type: 'string',
  description: 'The short link path segment; case-sensitive.',
  minLength: 3,
  maxLength: 64,
  pattern: SLUG_PATTERN,
  examples: ['my-launch', 'Ab3xY9q'],
  rules: [
    {
      description: `Not a reserved word (${[...RESERVED_SLUGS].join(', ')}; any letter case).`,
      check: (value) => (isReservedSlug(value) ? `'${value}' is reserved` : undefined),
    },
  ],
};
