/** One JSON object per line on stdout: what CloudWatch Logs (awslogs driver) indexes without a parser. */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /**
   * One line whose fields arrive already serialized as JSON object members (`"a":1,"b":"x"`, no braces). For the
   * line written on every request: JSON.stringify of a fields object costs more there than the rest of a cached
   * redirect. The caller answers for the members being valid JSON.
   */
  line(level: LogLevel, msg: string, members: string): void;
  isEnabled(level: LogLevel): boolean;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Where finished lines go; stdout unless a test or tool wants them. */
  readonly write?: (line: string) => void;
}

export function createLogger({ level, write = writeStdoutBatched }: LoggerOptions): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  // Decided once: the level does not change while the process runs, and isEnabled runs for every request.
  const enabled = Object.fromEntries(LOG_LEVELS.map((candidate, rank) => [candidate, rank >= threshold])) as Record<
    LogLevel,
    boolean
  >;
  const isEnabled = (candidate: LogLevel) => enabled[candidate];
  // Concatenated rather than spread into one object: this runs once per request. Level names need no escaping.
  const format = (lineLevel: LogLevel, msg: string, members: string) => {
    const head = `{"time":"${isoNow()}","level":"${lineLevel}","msg":${quotedMessage(msg)}`;
    write(members === '' ? `${head}}\n` : `${head},${members}}\n`);
  };
  const line = (lineLevel: LogLevel, msg: string, members: string) => {
    if (isEnabled(lineLevel)) format(lineLevel, msg, members);
  };
  const emitter = (lineLevel: LogLevel) => {
    if (!isEnabled(lineLevel)) return () => undefined;
    return (msg: string, fields?: LogFields) => {
      const json = fields === undefined ? '{}' : JSON.stringify(withErrorsAsObjects(fields));
      format(lineLevel, msg, json.slice(1, -1));
    };
  };
  return {
    debug: emitter('debug'),
    info: emitter('info'),
    warn: emitter('warn'),
    error: emitter('error'),
    line,
    isEnabled,
  };
}

let isoMillisecond = 0;
let isoString = '';

/** Busy processes log many lines per millisecond; the timestamp is formatted once for all of them. */
function isoNow(): string {
  const now = Date.now();
  if (now !== isoMillisecond) {
    isoMillisecond = now;
    isoString = new Date(now).toISOString();
  }
  return isoString;
}

/** Messages are the code's own constants, a few dozen in all: each is serialized once, not on every line. */
const QUOTED_MESSAGES = new Map<string, string>();
const QUOTED_MESSAGES_MAX = 1_000;

function quotedMessage(msg: string): string {
  let quoted = QUOTED_MESSAGES.get(msg);
  if (quoted === undefined) {
    quoted = JSON.stringify(msg);
    // Bounded in case a message is ever built from data: past the bound, messages are serialized each time.
    if (QUOTED_MESSAGES.size < QUOTED_MESSAGES_MAX) QUOTED_MESSAGES.set(msg, quoted);
  }
  return quoted;
}

/**
 * Error's own fields are not enumerable, so JSON.stringify would print `{}` for them. Only top-level fields
 * are converted: a JSON.stringify replacer would run for every key of every line.
 */
function withErrorsAsObjects(fields: LogFields | undefined): LogFields | undefined {
  if (fields === undefined || !Object.values(fields).some((value) => value instanceof Error)) return fields;
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, value instanceof Error ? errorObject(value) : value]),
  );
}

function errorObject(error: Error): Record<string, unknown> {
  const { name, message, stack } = error;
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? errorObject(error.cause) : undefined;
  return { name, message, ...(code === undefined ? {} : { code }), stack, ...(cause === undefined ? {} : { cause }) };
}

let pending: string[] = [];
let flushScheduled = false;
let exitFlushInstalled = false;

/**
 * Lines written in one turn of the event loop leave in one write: stdout to a pipe or file is a blocking
 * write(2) per call on Linux, which under load cost more than the request itself. Lines still queued when
 * the process exits are flushed by the `exit` handler (those writes are synchronous).
 */
function writeStdoutBatched(line: string): void {
  pending.push(line);
  if (flushScheduled) return;
  if (!exitFlushInstalled) {
    exitFlushInstalled = true;
    process.once('exit', flushStdout);
  }
  flushScheduled = true;
  setImmediate(flushStdout);
}

function flushStdout(): void {
  flushScheduled = false;
  if (pending.length === 0) return;
  const chunk = pending.join('');
  pending = [];
  process.stdout.write(chunk);
}
