import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A create request's secrets all come from one seed of 256 random bits: the random slugs it tries, in order,
 * and its management token. A request without an Idempotency-Key keeps its seed in memory only. An idempotent
 * one records the seed with its key, so that every retry tries the same slugs (one link per key, whichever
 * write failed) and returns the same token; the token is an HMAC keyed with the Idempotency-Key itself, which
 * the table never holds (records are filed under its hash), so reading the table is not enough to derive it.
 */
export function newSeed(): string {
  return randomBytes(32).toString('base64url');
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const RANDOM_SLUG_LENGTH = 7;
/** Bytes at or above this would make `byte % 62` favour the first characters; they are skipped. */
const UNBIASED_LIMIT = 256 - (256 % BASE62.length);

/**
 * The `attempt`-th random slug of a seed: 7 base62 characters (62^7 ≈ 3.5e12), every character equally likely
 * (rejection sampling over an HMAC-SHA256 stream), unguessable without the seed.
 */
export function slugFromSeed(seed: string, attempt: number): string {
  let slug = '';
  for (let block = 0; slug.length < RANDOM_SLUG_LENGTH; block += 1) {
    for (const byte of createHmac('sha256', seed).update(`slug:${attempt}:${block}`).digest()) {
      if (byte < UNBIASED_LIMIT) slug += BASE62[byte % BASE62.length];
      if (slug.length === RANDOM_SLUG_LENGTH) break;
    }
  }
  return slug;
}

/** 256 bits, base64url (43 characters): what the 201 returns and DELETE presents. */
export function managementToken(seed: string, idempotencyKey = ''): string {
  return createHmac('sha256', idempotencyKey).update(`token:${seed}`).digest('base64url');
}

/** What the table keeps of a token or an Idempotency-Key. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Constant-time comparison of a presented token with a stored hash. */
export function tokenMatches(presented: string, storedHash: string): boolean {
  const presentedHash = Buffer.from(secretHash(presented));
  const stored = Buffer.from(storedHash);
  return presentedHash.length === stored.length && timingSafeEqual(presentedHash, stored);
}
