// Imported rather than read from the global, which Node defines as a getter that runs on every access.
import { performance } from 'node:perf_hooks';
import type { Logger } from './logger';
import { newRequestId } from './request-id';

/**
 * What an upstream id may look like to be reused: no spaces, quotes or backslashes, so it is safe in headers, and
 * in the access line's JSON without escaping (as are the trace root and a UUID).
 */
const UPSTREAM_ID = /^[\w.:;=+/@-]{1,200}$/;
const TRACE_ROOT = /(?:^|;)Root=([\w-]{1,100})/;

export interface RequestIdentity {
  /** The caller's X-Request-Id, else the root of the X-Amzn-Trace-Id the ALB adds, else a new UUID. */
  readonly requestId: string;
  readonly traceId: string | undefined;
}

const REQUEST_ID_HEADER = 'x-request-id';
const TRACE_ID_HEADER = 'x-amzn-trace-id';
/** What a header seen more than once is taken as: no id (Node would have joined the values with a comma). */
const REPEATED = '';

/**
 * Reads the two headers from `rawHeaders` (name, value, name, value, ...) rather than `req.headers`: Node builds
 * that object, every header lower-cased, on first access, and a cached redirect needs no other header.
 */
export function requestIdentity(rawHeaders: readonly string[]): RequestIdentity {
  let requestHeader: string | undefined;
  let traceHeader: string | undefined;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] as string;
    if (name.length === REQUEST_ID_HEADER.length && name.toLowerCase() === REQUEST_ID_HEADER) {
      requestHeader = requestHeader === undefined ? rawHeaders[index + 1] : REPEATED;
    } else if (name.length === TRACE_ID_HEADER.length && name.toLowerCase() === TRACE_ID_HEADER) {
      traceHeader = traceHeader === undefined ? rawHeaders[index + 1] : REPEATED;
    }
  }
  const traceId = upstreamId(traceHeader);
  const requestId = upstreamId(requestHeader) ?? (traceId && TRACE_ROOT.exec(traceId)?.[1]) ?? newRequestId();
  return { requestId, traceId };
}

function upstreamId(header: string | undefined): string | undefined {
  return header !== undefined && UPSTREAM_ID.test(header) ? header : undefined;
}

/** Printable ASCII without `"` and `\`: what JSON.stringify writes unchanged between quotes. */
const JSON_SAFE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** JSON.stringify for a string, without its cost for the usual method or path, which need no escaping. */
function jsonString(value: string): string {
  return JSON_SAFE.test(value) ? `"${value}"` : JSON.stringify(value);
}

/**
 * `String(hundredths / 100)`, which is what JSON.stringify writes for it, from integers: V8 keeps the text of small
 * integers, while turning a fraction into text runs its shortest-decimal search on every request.
 */
export function hundredthsAsDecimal(hundredths: number): string {
  // Up to 15 significant digits, the exact decimal is also the shortest text that reads back as the same double.
  if (!Number.isInteger(hundredths) || hundredths < 0 || hundredths >= 1e15) return String(hundredths / 100);
  const fraction = hundredths % 100;
  const whole = (hundredths - fraction) / 100;
  if (fraction === 0) return `${whole}`;
  if (fraction % 10 === 0) return `${whole}.${fraction / 10}`;
  return fraction < 10 ? `${whole}.0${fraction}` : `${whole}.${fraction}`;
}

/** When a request arrived, as logAccess takes it (a monotonic clock in milliseconds). */
export function arrivalTime(): number {
  return performance.now();
}

/**
 * The one access-log line per request, whichever layer answered it, with the same fields in the same order as
 * `logger.info('request', { requestId, traceId, method, path, status, durationMs })` would write (an undefined
 * traceId left out). Serialized by hand: JSON.stringify of that object took about 3 of the 50-60 µs of CPU a cached
 * redirect costs.
 */
export function logAccess(
  logger: Logger,
  { requestId, traceId }: RequestIdentity,
  method: string,
  path: string,
  status: number,
  /** arrivalTime() when the request arrived. */
  startedAt: number,
): void {
  if (!logger.isEnabled('info')) return;
  const durationMs = hundredthsAsDecimal(Math.round((arrivalTime() - startedAt) * 100));
  const trace = traceId === undefined ? '' : `"traceId":"${traceId}",`;
  logger.line(
    'info',
    'request',
    `"requestId":"${requestId}",${trace}"method":${jsonString(method)},"path":${jsonString(path)},` +
      `"status":${status},"durationMs":${durationMs}`,
  );
}
