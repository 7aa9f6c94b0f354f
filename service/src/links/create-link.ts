import { Problem, PROBLEMS } from '../problem';
import type { LinkStore } from '../store/link-store';
import { isReservedSlug } from '../validation/slug';
import type { Link } from './link';
import { randomSlug } from './random-slug';

/** A link before it has its slug. */
export type LinkDraft = Omit<Link, 'slug'>;

/**
 * With 62^7 slugs, even a table of a billion links collides on fewer than 1 in 3000 draws, so a handful of
 * attempts only fails when something is badly wrong.
 */
const RANDOM_SLUG_ATTEMPTS = 5;

/** Writes the link under `slug` (409 when a live link has it) or under a fresh random slug. */
export async function createLink(
  store: LinkStore,
  draft: LinkDraft,
  slug: string | undefined,
  nowMs: number,
): Promise<Link> {
  if (slug !== undefined) {
    const link = { ...draft, slug };
    if (await store.putIfAbsent(link, nowMs)) return link;
    throw new Problem(PROBLEMS.slugTaken, `The slug '${slug}' is already in use; choose another or omit slug.`);
  }
  for (let attempt = 0; attempt < RANDOM_SLUG_ATTEMPTS; attempt += 1) {
    const candidate = randomSlug();
    if (isReservedSlug(candidate)) continue;
    const link = { ...draft, slug: candidate };
    if (await store.putIfAbsent(link, nowMs)) return link;
  }
  throw new Error(`no free random slug after ${RANDOM_SLUG_ATTEMPTS} attempts`);
}
