import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../logger';

/** What an upstream id may look like to be reused: no spaces or quotes, so it is safe in headers and logs. */
const UPSTREAM_ID = /^[\w.:;=+/@-]{1,200}$/;
const TRACE_ROOT = /(?:^|;)Root=([\w-]{1,100})/;

/**
 * Gives each request an id, reusing the caller's X-Request-Id, else the X-Amzn-Trace-Id root the ALB adds,
 * else a new UUID; returns it as X-Request-Id and writes one JSON access-log line per request.
 */
export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    const traceId = upstreamId(ctx.headers['x-amzn-trace-id']);
    const requestId = upstreamId(ctx.headers['x-request-id']) ?? (traceId && TRACE_ROOT.exec(traceId)?.[1]) ?? randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      logger.info('request', {
        requestId,
        traceId,
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      });
    }
  };
}

function upstreamId(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && UPSTREAM_ID.test(header) ? header : undefined;
}
