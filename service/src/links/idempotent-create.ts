import { createHash } from 'node:crypto';
import { Problem, PROBLEMS } from '../problem';
import type { IdempotencyStore } from '../store/idempotency-store';
import type { LinkStore } from '../store/link-store';
import { isSlugRefusal, linkDraft, placeLink, type CreatedLink, type LinkRequest } from './create-link';
import { managementToken, newSeed, secretHash } from './link-secrets';

/** Printable ASCII without spaces, as generated keys (UUIDs, ULIDs) are; long enough for any of them. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Hash of the normalised request, so a retry with reordered JSON members still matches. */
export function requestFingerprint(request: LinkRequest): string {
  const canonical = JSON.stringify(
    Object.entries(request)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * Creates at most one link per key, whichever single write fails and wherever the process dies:
 *
 * 1. the record (key hash, request fingerprint, seed, first attempt's time) is written, or the earlier one read;
 * 2. the link is written with a conditional put that also accepts the key's own earlier link (`owner`): its slug
 *    is the custom one or the seed's next random slug, and the record moves past a random slug before the next
 *    is tried, so every retry of the key tries the same slugs in the same order and finds its own link again;
 * 3. the record notes the link, so later retries answer without writing.
 *
 * A retry after any failure repeats 2 (rewriting the same item, content and token unchanged) and 3. The same key
 * with another request is refused (422); a custom slug held by another link frees the key (no link was written).
 */
export async function createIdempotently(
  links: LinkStore,
  records: IdempotencyStore,
  key: string,
  request: LinkRequest,
  nowMs: number,
): Promise<CreatedLink> {
  const keyHash = secretHash(key);
  const fingerprint = requestFingerprint(request);
  const claim = await records.claim(keyHash, { fingerprint, seed: newSeed(), claimedAt: nowMs, slugAttempt: 0 }, nowMs);
  if (claim === undefined) throw inProgress();
  const { record, claimed } = claim;
  if (record.fingerprint !== fingerprint) {
    throw new Problem(
      PROBLEMS.idempotencyKeyReused,
      'This Idempotency-Key was already used with a different request body; use a new key for a new request.',
    );
  }
  const token = managementToken(record.seed, key);
  if (record.link !== undefined) return { link: record.link, token, replayed: true };

  const draft = { ...linkDraft(request, new Date(record.claimedAt).toISOString()), tokenHash: secretHash(token) };
  let link;
  try {
    link = await placeLink(links, draft, request.slug, nowMs, {
      seed: record.seed,
      firstAttempt: record.slugAttempt,
      owner: keyHash,
      advance: (attempt) => records.advance(keyHash, record.seed, attempt),
    });
  } catch (error) {
    // Only a refused custom slug proves that no link of this key exists; the client's error matters more than
    // the release, which the record's TTL makes up for if it fails.
    if (isSlugRefusal(error)) await records.release(keyHash, record.seed).catch(() => undefined);
    throw error;
  }
  await records.complete(keyHash, record.seed, link);
  return { link, token, replayed: !claimed };
}

function inProgress(): Problem {
  return new Problem(
    PROBLEMS.idempotencyKeyInProgress,
    'A request with this Idempotency-Key changed state while this one ran; retry shortly.',
    { headers: { 'Retry-After': '1' } },
  );
}
