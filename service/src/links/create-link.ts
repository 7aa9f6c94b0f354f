import { Problem, PROBLEMS } from '../problem';
import type { LinkStore } from '../store/link-store';
import { isReservedSlug } from '../validation/slug';
import type { Link } from './link';
import { managementToken, newSeed, secretHash, slugFromSeed } from './link-secrets';

/** What a create request asks for, once validated. */
export interface LinkRequest {
  readonly url: string;
  readonly slug?: string;
  /** Epoch seconds. */
  readonly expiresAt?: number;
}

export interface CreatedLink {
  readonly link: Link;
  /** The management token: returned in the 201 only, stored only as `link.tokenHash`. */
  readonly token: string;
  /** True when an earlier request with the same Idempotency-Key got there first. */
  readonly replayed: boolean;
}

/**
 * With 62^7 slugs, even a table of a billion links collides on fewer than 1 in 3000 draws, so a handful of
 * attempts only fails when something is badly wrong.
 */
export const RANDOM_SLUG_ATTEMPTS = 5;

/** How one create places its link; an idempotent create takes these from its record (idempotent-create.ts). */
export interface Placement {
  readonly seed: string;
  /** The first of the seed's random slugs to try. */
  readonly firstAttempt: number;
  /** Written on the link, so a retry of the same request may rewrite its own link. */
  readonly owner?: string;
  /** Called before moving past random slug `attempt`, which another link holds. */
  readonly advance?: (attempt: number) => Promise<void>;
}

/** A create without an Idempotency-Key: a fresh seed, a random slug unless one is given. */
export async function createLink(links: LinkStore, request: LinkRequest, nowMs: number): Promise<CreatedLink> {
  const seed = newSeed();
  const token = managementToken(seed);
  const draft = { ...linkDraft(request, new Date(nowMs).toISOString()), tokenHash: secretHash(token) };
  const link = await placeLink(links, draft, request.slug, nowMs, { seed, firstAttempt: 0 });
  return { link, token, replayed: false };
}

export function linkDraft(request: LinkRequest, createdAt: string): Omit<Link, 'slug'> {
  return { url: request.url, createdAt, ...(request.expiresAt === undefined ? {} : { expiresAt: request.expiresAt }) };
}

/** Writes the link under `slug` (409 when it is held or retired) or under the placement's next free random slug. */
export async function placeLink(
  links: LinkStore,
  draft: Omit<Link, 'slug'>,
  slug: string | undefined,
  nowMs: number,
  placement: Placement,
): Promise<Link> {
  if (slug !== undefined) {
    const link = { ...draft, slug };
    if (await links.putIfAbsent(link, nowMs, placement.owner)) return link;
    throw await slugUnavailable(links, slug, nowMs);
  }
  const { seed, firstAttempt, owner, advance } = placement;
  for (let attempt = firstAttempt; attempt < firstAttempt + RANDOM_SLUG_ATTEMPTS; attempt += 1) {
    const candidate = slugFromSeed(seed, attempt);
    if (!isReservedSlug(candidate)) {
      const link = { ...draft, slug: candidate };
      if (await links.putIfAbsent(link, nowMs, owner)) return link;
    }
    await advance?.(attempt);
  }
  throw new Error(`no free random slug after ${RANDOM_SLUG_ATTEMPTS} attempts`);
}

export function isSlugRefusal(error: unknown): boolean {
  return error instanceof Problem && (error.kind === PROBLEMS.slugTaken || error.kind === PROBLEMS.slugRetired);
}

async function slugUnavailable(links: LinkStore, slug: string, nowMs: number): Promise<Problem> {
  const occupant = await links.occupant(slug, nowMs);
  if (occupant?.kind === 'retired') {
    return new Problem(
      PROBLEMS.slugRetired,
      `The slug '${slug}' belonged to a link that was deleted or has expired. It stays retired until ` +
        `${new Date(occupant.freeAt * 1000).toISOString()}, so that nobody can take over a link that was shared; ` +
        'choose another or omit slug.',
    );
  }
  return new Problem(PROBLEMS.slugTaken, `The slug '${slug}' is already in use; choose another or omit slug.`);
}
