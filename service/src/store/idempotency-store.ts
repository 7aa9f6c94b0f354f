import type { Link } from '../links/link';

/** The state of one Idempotency-Key: the request it was first used for, its seed, and the link once created. */
export interface IdempotencyRecord {
  /** Hash of the normalised request: the same key with another request is refused. */
  readonly fingerprint: string;
  /** The request's secrets (links/link-secrets.ts): every retry tries the same slugs and gets the same token. */
  readonly seed: string;
  /** Epoch milliseconds of the first attempt, which becomes the link's `createdAt` in every retry. */
  readonly claimedAt: number;
  /** The first random slug (of the seed's sequence) that no other link is known to hold. */
  readonly slugAttempt: number;
  /** Set once the link is known to be written. */
  readonly link?: Link;
}

export interface IdempotencyStore {
  /**
   * Records `record` under the key unless a record is there; returns the one that holds the key (`claimed`:
   * ours), or undefined when the earlier one vanished between the two calls (expired or released).
   */
  claim(
    keyHash: string,
    record: IdempotencyRecord,
    nowMs: number,
  ): Promise<{ readonly record: IdempotencyRecord; readonly claimed: boolean } | undefined>;
  /** Moves the record past random slug `attempt`, which another link holds, before the next one is tried. */
  advance(keyHash: string, seed: string, attempt: number): Promise<void>;
  /** Records the link the key created (a retry writing the same link again is harmless). */
  complete(keyHash: string, seed: string, link: Link): Promise<void>;
  /** Frees the key after an attempt that certainly wrote no link (its custom slug is held by another). */
  release(keyHash: string, seed: string): Promise<void>;
}
