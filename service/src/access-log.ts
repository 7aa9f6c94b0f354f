import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from './logger';

/** What an upstream id may look like to be reused: no spaces or quotes, so it is safe in headers and logs. */
const UPSTREAM_ID = /^[\w.:;=+/@-]{1,200}$/;
const TRACE_ROOT = /(?:^|;)Root=([\w-]{1,100})/;

export interface RequestIdentity {
  /** The caller's X-Request-Id, else the root of the X-Amzn-Trace-Id the ALB adds, else a new UUID. */
  readonly requestId: string;
  readonly traceId: string | undefined;
}

export function requestIdentity(headers: IncomingHttpHeaders): RequestIdentity {
  const traceId = upstreamId(headers['x-amzn-trace-id']);
  const requestId = upstreamId(headers['x-request-id']) ?? (traceId && TRACE_ROOT.exec(traceId)?.[1]) ?? randomUUID();
  return { requestId, traceId };
}

function upstreamId(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && UPSTREAM_ID.test(header) ? header : undefined;
}

export interface AccessLogEntry extends RequestIdentity {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** performance.now() when the request arrived. */
  readonly startedAt: number;
}

/** The one access-log line per request, whichever layer answered it. */
export function logAccess(logger: Logger, { startedAt, ...entry }: AccessLogEntry): void {
  logger.info('request', { ...entry, durationMs: Math.round((performance.now() - startedAt) * 100) / 100 });
}
