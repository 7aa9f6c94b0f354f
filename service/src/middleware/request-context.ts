import type { Middleware } from 'koa';
import { arrivalTime, logAccess, requestIdentity } from '../access-log';
import type { Logger } from '../logger';

/** Gives each request its id (see access-log.ts), returns it as X-Request-Id and logs the request once. */
export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const startedAt = arrivalTime();
    const identity = requestIdentity(ctx.req.rawHeaders);
    ctx.state.requestId = identity.requestId;
    ctx.set('X-Request-Id', identity.requestId);
    try {
      await next();
    } finally {
      logAccess(logger, identity, ctx.method, ctx.path, ctx.status, startedAt);
    }
  };
}
