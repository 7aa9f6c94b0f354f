import { newRequestId } from '../src/request-id';

/** RFC 9562 version 4: version nibble 4, variant bits 10 (8, 9, a or b), lower-case hex as randomUUID writes. */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newRequestId', () => {
  // Several refills of the pool: ids from different batches and from the end of one batch must be as good.
  const ids = Array.from({ length: 2_000 }, () => newRequestId());

  it('makes version 4 UUIDs in their canonical text form', () => {
    expect(ids.filter((id) => !UUID_V4.test(id))).toEqual([]);
  });

  it('never repeats an id', () => {
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses every hex digit in the random positions, as random bytes would', () => {
    const digitsSeen = new Set(ids.map((id) => id.slice(0, 8)).join(''));
    expect([...digitsSeen].sort().join('')).toBe('0123456789abcdef');
  });

  it('returns flat strings that do not change when later ids are made', () => {
    const first = newRequestId();
    const copy = `${first}`;
    for (let index = 0; index < 600; index += 1) newRequestId();
    expect(first).toBe(copy);
  });
});
