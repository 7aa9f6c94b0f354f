import { arrivalTime, hundredthsAsDecimal, logAccess, requestIdentity } from '../src/access-log';
import { createLogger } from '../src/logger';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level: 'info', write: (line) => lines.push(line) }) };
}

describe('the access line', () => {
  it.each([
    ['a cached redirect', { requestId: 'req-1', traceId: undefined }, 'GET', '/abc123'],
    ['a traced request', { requestId: '1-6789-abcd', traceId: 'Root=1-6789-abcd;Sampled=1' }, 'HEAD', '/x'],
    ['a path that JSON must escape', { requestId: 'req-2', traceId: undefined }, 'POST', '/a"b\\c\u0001é'],
  ])('for %s is the line logger.info would write, field for field and in order', (_, identity, method, path) => {
    const handmade = capture();
    logAccess(handmade.logger, identity, method, path, 302, arrivalTime());
    expect(handmade.lines).toHaveLength(1);
    const line = JSON.parse(handmade.lines[0] as string) as Record<string, unknown>;
    const durationMs = line.durationMs;
    expect(typeof durationMs).toBe('number');

    const reference = capture();
    reference.logger.info('request', { ...identity, method, path, status: 302, durationMs });
    const expected = JSON.parse(reference.lines[0] as string) as Record<string, unknown>;
    expect({ ...line, time: undefined }).toEqual({ ...expected, time: undefined });
    expect(Object.keys(line)).toEqual(Object.keys(expected));
    expect(handmade.lines[0]?.endsWith('}\n')).toBe(true);
  });

  it('is not written below the info level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', write: (line) => lines.push(line) });
    logAccess(logger, { requestId: 'r', traceId: undefined }, 'GET', '/abc', 200, arrivalTime());
    expect(lines).toEqual([]);
  });
});

describe('request identity from raw headers', () => {
  it('reads X-Request-Id and X-Amzn-Trace-Id whatever their case', () => {
    expect(requestIdentity(['Host', 'sho.rt', 'X-REQUEST-ID', 'abc-1'])).toEqual({
      requestId: 'abc-1',
      traceId: undefined,
    });
    expect(requestIdentity(['x-amzn-trace-id', 'Root=1-67891233-abcdef;Sampled=1'])).toEqual({
      requestId: '1-67891233-abcdef',
      traceId: 'Root=1-67891233-abcdef;Sampled=1',
    });
  });

  it('takes no upstream id that is repeated or unsafe, and makes a UUID instead', () => {
    expect(requestIdentity(['X-Request-Id', 'one', 'x-request-id', 'two']).requestId).toMatch(UUID);
    expect(requestIdentity(['X-Request-Id', 'has "quotes"']).requestId).toMatch(UUID);
    expect(requestIdentity(['X-Request-Id', 'back\\slash']).requestId).toMatch(UUID);
    const repeatedTrace = requestIdentity(['X-Amzn-Trace-Id', 'Root=1-a', 'X-Amzn-Trace-Id', 'Root=1-b']);
    expect(repeatedTrace).toEqual({ requestId: expect.stringMatching(UUID), traceId: undefined });
  });
});

describe('durations in the access line', () => {
  it('are written as String(hundredths / 100) would write them', () => {
    const samples = [...Array.from({ length: 100_001 }, (_, index) => index), 999_999_999_999_999, 123_456_789_012_345];
    for (let index = 0; index < 10_000; index += 1) samples.push(Math.floor(Math.random() * 1e15));
    const differing = samples.filter((hundredths) => hundredthsAsDecimal(hundredths) !== String(hundredths / 100));
    expect(differing).toEqual([]);
  });

  it('fall back to the same text for what is not a small whole number of hundredths', () => {
    for (const value of [-5, 1e15, 1e21, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(hundredthsAsDecimal(value)).toBe(String(value / 100));
    }
  });
});
