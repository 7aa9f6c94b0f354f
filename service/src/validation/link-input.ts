import { expiresAtSchema } from './expires-at';
import { objectSchema } from './schema';
import { slugSchema } from './slug';
import { targetUrlSchema } from './target-url';

/** Body of `POST /api/links`. `ownHost` is the public host, which links may not point back to. */
export function createLinkInputSchema(ownHost: string, now: () => number) {
  return objectSchema(
    'A link to create. Without `slug`, a random 7-character base62 slug is chosen.',
    { url: targetUrlSchema(ownHost), slug: slugSchema, expiresAt: expiresAtSchema(now) },
    ['url'],
  );
}

export type LinkInputSchema = ReturnType<typeof createLinkInputSchema>;
