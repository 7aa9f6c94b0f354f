import { createLogger, LOG_LEVELS, type LogLevel } from '../src/logger';

function capture(level: LogLevel) {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level, write: (line) => lines.push(line) }) };
}

describe('the logger', () => {
  it.each(LOG_LEVELS)('at level %s writes that level and those above it, no other', (level) => {
    const { lines, logger } = capture(level);
    for (const candidate of LOG_LEVELS) logger[candidate](`at ${candidate}`);
    const written = lines.map((line) => (JSON.parse(line) as { level: string }).level);
    expect(written).toEqual(LOG_LEVELS.slice(LOG_LEVELS.indexOf(level)));
    expect(LOG_LEVELS.filter((candidate) => logger.isEnabled(candidate))).toEqual(written);
  });

  it('writes messages that JSON must escape as valid JSON, the first time and every time after', () => {
    const { lines, logger } = capture('info');
    const message = 'a "quoted"\nmessage \\ with é and \u0001';
    logger.info(message, { n: 1 });
    logger.line('info', message, '"n":2');
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      { time: expect.any(String), level: 'info', msg: message, n: 1 },
      { time: expect.any(String), level: 'info', msg: message, n: 2 },
    ]);
  });

  it('writes an error field with its name, message and stack, which JSON.stringify alone would drop', () => {
    const { lines, logger } = capture('error');
    logger.error('failed', { err: new TypeError('bad thing') });
    const { err } = JSON.parse(lines[0] as string) as { err: Record<string, unknown> };
    expect(err).toEqual({ name: 'TypeError', message: 'bad thing', stack: expect.stringContaining('bad thing') });
  });
});
