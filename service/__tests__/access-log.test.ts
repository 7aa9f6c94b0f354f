import { logAccess, requestIdentity } from '../src/access-log';
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
    logAccess(handmade.logger, identity, method, path, 302, performance.now());
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
    logAccess(logger, { requestId: 'r', traceId: undefined }, 'GET', '/abc', 200, performance.now());
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
