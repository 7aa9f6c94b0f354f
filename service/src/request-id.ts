import { randomFillSync } from 'node:crypto';

/** Ids made per refill of the random pool (16 random bytes and 36 characters of text each). */
const BATCH = 256;
const RANDOM_BYTES = 16;
const TEXT_LENGTH = 36;
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const DASH = 0x2d;
/** The canonical text form, 8-4-4-4-12 hex digits: a dash goes before these bytes. */
const hasDashBefore = (byte: number) => byte === 4 || byte === 6 || byte === 8 || byte === 10;

const random = Buffer.alloc(RANDOM_BYTES * BATCH);
const text = Buffer.alloc(TEXT_LENGTH * BATCH);
let nextIndex = BATCH;

/**
 * A random (version 4) UUID, as `crypto.randomUUID()` makes, from the same CSPRNG. Made for the request id of every
 * request that arrives without one: the text of a whole batch is written into one buffer at a time, so each id is
 * a single slice of it. `randomUUID()` builds each id from 21 string pieces, which V8 then has to flatten when the id
 * is written into a header and the access line: with it, the id and its header cost a cached redirect 6-8% of what a
 * bare node:http server spends per request, this way about 3% (service/README.md, Benchmark).
 */
export function newRequestId(): string {
  if (nextIndex === BATCH) refill();
  const start = nextIndex * TEXT_LENGTH;
  nextIndex += 1;
  return text.toString('latin1', start, start + TEXT_LENGTH);
}

function refill(): void {
  randomFillSync(random);
  let out = 0;
  for (let id = 0; id < BATCH; id += 1) {
    const first = id * RANDOM_BYTES;
    // RFC 9562 section 5.4: version 4 in the high nibble of byte 6, variant 10 in the top bits of byte 8.
    random[first + 6] = ((random[first + 6] as number) & 0x0f) | 0x40;
    random[first + 8] = ((random[first + 8] as number) & 0x3f) | 0x80;
    for (let byte = 0; byte < RANDOM_BYTES; byte += 1) {
      if (hasDashBefore(byte)) text[out++] = DASH;
      const value = random[first + byte] as number;
      text[out++] = HEX_DIGITS[value >> 4] as number;
      text[out++] = HEX_DIGITS[value & 0x0f] as number;
    }
  }
  nextIndex = 0;
}
