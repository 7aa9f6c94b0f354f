import { objectSchema, type Infer } from '../validation/schema';
import { slugSchema } from '../validation/slug';

export interface Link {
  readonly slug: string;
  /** Normalised absolute http(s) URL. */
  readonly url: string;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  /** Epoch seconds; the link resolves while `now < expiresAt`. Absent: never expires. */
  readonly expiresAt?: number;
  /** SHA-256 of the management token (see link-secrets.ts); never leaves the service. Absent: nobody may delete. */
  readonly tokenHash?: string;
}

/** DynamoDB TTL deletes expired items only eventually (typically within days), so every read checks. */
export function isExpired(link: Link, nowMs: number): boolean {
  return link.expiresAt !== undefined && link.expiresAt * 1000 <= nowMs;
}

const isoDateTime = (description: string) => ({ type: 'string', format: 'date-time', description }) as const;

/** What the API returns for a link (the response schema in the OpenAPI document). */
export const linkViewSchema = objectSchema(
  'A short link.',
  {
    slug: slugSchema,
    url: { type: 'string', format: 'uri', description: 'Target the short link redirects to (normalised).' },
    shortUrl: { type: 'string', format: 'uri', description: 'The short link itself.' },
    createdAt: isoDateTime('When the link was created.'),
    expiresAt: { ...isoDateTime('When the link stops resolving; null if never.'), nullable: true },
  },
  ['slug', 'url', 'shortUrl', 'createdAt', 'expiresAt'],
);

export type LinkView = Infer<typeof linkViewSchema>;

export function toLinkView(link: Link, publicBaseUrl: URL): LinkView {
  return {
    slug: link.slug,
    url: link.url,
    shortUrl: new URL(link.slug, publicBaseUrl).href,
    createdAt: link.createdAt,
    expiresAt: link.expiresAt === undefined ? null : new Date(link.expiresAt * 1000).toISOString(),
  };
}
