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

/**
 * The one access-log line per request, whichever layer answered it. Built as one literal: object spreads
 * here cost more than the rest of a cached redirect.
 */
export function logAccess(
  logger: Logger,
  { requestId, traceId }: RequestIdentity,
  method: string,
  path: string,
  status: number,
  /** performance.now() when the request arrived. */
  startedAt: number,
): void {
  const durationMs = Math.round((performance.now() - startedAt) * 100) / 100;
  logger.info('request', { requestId, traceId, method, path, status, durationMs });
}
