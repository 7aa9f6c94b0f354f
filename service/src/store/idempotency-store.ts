import type { Link } from '../links/link';

/** The state of one Idempotency-Key: who claimed it, for which request, and the link once created. */
export interface IdempotencyRecord {
  readonly fingerprint: string;
  /** Random per claim, so only the claimant completes or releases it. */
  readonly claimId: string;
  /** Epoch milliseconds of the claim. */
  readonly claimedAt: number;
  readonly link?: Link;
}

export type ClaimResult =
  { readonly claimed: true } | { readonly claimed: false; readonly holder: IdempotencyRecord | undefined };

export interface IdempotencyStore {
  /** Claims a free (or expired) key; otherwise returns the current holder (undefined if it vanished meanwhile). */
  claim(key: string, record: IdempotencyRecord, nowMs: number): Promise<ClaimResult>;
  /** Replaces an abandoned claim `staleClaimId` that never completed; false if anything changed since. */
  takeOver(key: string, staleClaimId: string, record: IdempotencyRecord, nowMs: number): Promise<boolean>;
  /** Records the created link under the claim; false if the claim was taken over meanwhile. */
  complete(key: string, claimId: string, link: Link): Promise<boolean>;
  /** Frees the key after a failed attempt, so that a retry can run; a no-op if the claim is not ours. */
  release(key: string, claimId: string): Promise<void>;
}
