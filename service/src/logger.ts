/** One JSON object per line on stdout: what CloudWatch Logs (awslogs driver) indexes without a parser. */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  isEnabled(level: LogLevel): boolean;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Where finished lines go; stdout unless a test or tool wants them. */
  readonly write?: (line: string) => void;
}

export function createLogger({ level, write = (line) => process.stdout.write(line) }: LoggerOptions): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const isEnabled = (candidate: LogLevel) => LOG_LEVELS.indexOf(candidate) >= threshold;
  const emitter = (lineLevel: LogLevel) =>
    isEnabled(lineLevel)
      ? (msg: string, fields?: LogFields) =>
          write(`${JSON.stringify({ time: new Date().toISOString(), level: lineLevel, msg, ...fields }, errorsAsObjects)}\n`)
      : () => undefined;
  return {
    debug: emitter('debug'),
    info: emitter('info'),
    warn: emitter('warn'),
    error: emitter('error'),
    isEnabled,
  };
}

/** Error's own fields are not enumerable, so JSON.stringify would print `{}` for them. */
function errorsAsObjects(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const { name, message, stack } = value;
  const code = (value as { code?: unknown }).code;
  return code === undefined ? { name, message, stack } : { name, message, code, stack };
}
