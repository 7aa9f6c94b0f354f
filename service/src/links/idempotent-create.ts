import { createHash, randomUUID } from 'node:crypto';
import { Problem, PROBLEMS } from '../problem';
import type { IdempotencyStore } from '../store/idempotency-store';
import type { Link } from './link';

/** Printable ASCII without spaces, as generated keys (UUIDs, ULIDs) are; long enough for any of them. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * A claim older than this whose request never finished is taken to be abandoned (its process died) and may be
 * taken over. It outlasts any request: DynamoDB calls time out after 3 attempts of 3 s.
 */
export const IDEMPOTENCY_LEASE_MS = 30_000;

export interface IdempotentResult {
  readonly link: Link;
  /** True when the link was created by an earlier request with the same key. */
  readonly replayed: boolean;
}

/** Hash of the normalised request, so a retry with reordered JSON members still matches. */
export function requestFingerprint(request: Readonly<Record<string, string | number | undefined>>): string {
  const canonical = JSON.stringify(Object.entries(request).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * Runs `create` at most once per key. A retry of a finished request gets its link back; the same key with a
 * different request is refused (422); a retry while the first attempt still runs gets 409 and Retry-After.
 * A failed attempt frees the key so the client's next retry runs afresh.
 */
export async function createIdempotently(
  store: IdempotencyStore,
  key: string,
  fingerprint: string,
  nowMs: number,
  create: () => Promise<Link>,
): Promise<IdempotentResult> {
  const claim = { fingerprint, claimId: randomUUID(), claimedAt: nowMs };
  const result = await store.claim(key, claim, nowMs);
  if (!result.claimed) {
    const holder = result.holder;
    // The holder vanished between our write and read (TTL or a released claim): treat the key as busy.
    if (holder === undefined) throw inProgress();
    if (holder.fingerprint !== fingerprint) {
      throw new Problem(
        PROBLEMS.idempotencyKeyReused,
        'This Idempotency-Key was already used with a different request body; use a new key for a new request.',
      );
    }
    if (holder.link !== undefined) return { link: holder.link, replayed: true };
    const abandoned = nowMs - holder.claimedAt >= IDEMPOTENCY_LEASE_MS;
    if (!abandoned || !(await store.takeOver(key, holder.claimId, claim, nowMs))) throw inProgress();
  }
  let link: Link;
  try {
    link = await create();
  } catch (error) {
    // If even the release fails, the claim lapses after the lease; the client's error matters more.
    await store.release(key, claim.claimId).catch(() => undefined);
    throw error;
  }
  await store.complete(key, claim.claimId, link);
  return { link, replayed: false };
}

function inProgress(): Problem {
  return new Problem(
    PROBLEMS.idempotencyKeyInProgress,
    'A request with this Idempotency-Key is still being processed; retry shortly.',
    { headers: { 'Retry-After': '1' } },
  );
}
