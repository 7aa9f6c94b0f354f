import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_SLUG_LENGTH = 7;
/** Bytes at or above this would make `byte % 62` favour the first characters; they are skipped. */
const UNBIASED_LIMIT = 256 - (256 % BASE62.length);

/** 62^7 ≈ 3.5e12 slugs, drawn from the CSPRNG so they cannot be guessed from earlier ones. */
export function randomSlug(): string {
  let slug = '';
  while (slug.length < RANDOM_SLUG_LENGTH) {
    for (const byte of randomBytes(RANDOM_SLUG_LENGTH * 2)) {
      if (byte < UNBIASED_LIMIT) slug += BASE62[byte % BASE62.length];
      if (slug.length === RANDOM_SLUG_LENGTH) break;
    }
  }
  return slug;
}
