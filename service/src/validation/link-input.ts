import { expiresAtSchema } from './expires-at';
import { objectSchema } from './schema';
import { slugSchema } from './slug';
import { targetUrlSchema } from './target-url';

/** Body of `POST /api/links`. `ownHosts` are the service's own names, which links may not point back to. */
export function createLinkInputSchema(ownHosts: readonly string[], now: () => number) {
  return objectSchema(
    'A link to create. Without `slug`, a random 7-character base62 slug is chosen.',
    { url: targetUrlSchema(ownHosts), slug: slugSchema, expiresAt: expiresAtSchema(now) },
    ['url'],
  );
}

export type LinkInputSchema = ReturnType<typeof createLinkInputSchema>;
