import type { Context, Middleware } from 'koa';
import type { Logger } from '../logger';
import { Problem, PROBLEMS, sendProblem, statusProblem } from '../problem';
import { StoredItemInvalidError, StoreUnavailableError } from '../store/store-errors';

/**
 * Every error leaves as RFC 9457 problem+json. Expected refusals carry their own Problem; store outages become
 * 503; anything else is logged with its stack and answered with a bare 500 that names only the request id.
 */
export function problemResponses(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      // The router leaves unmatched paths (404) and wrong methods (405, with Allow) without a body.
      if (ctx.status >= 400 && ctx.body == null)
        sendProblem(ctx, new Problem(statusProblem(ctx.status), routeDetail(ctx)));
    } catch (error) {
      if (!ctx.writable) {
        // An aborted upload or a closed connection: the client's doing, nothing to fix here, so no stack.
        const code = (error as { code?: unknown }).code;
        logger.info('client went away', { requestId: ctx.state.requestId, reason: (error as Error).message, code });
        return;
      }
      sendProblem(ctx, toProblem(error, ctx, logger));
    }
  };
}

function toProblem(error: unknown, ctx: Context, logger: Logger): Problem {
  if (error instanceof Problem) return error;
  const requestId = ctx.state.requestId as string;
  if (error instanceof StoreUnavailableError) {
    logger.warn('store unavailable', { requestId, err: error });
    return new Problem(PROBLEMS.storeUnavailable, 'Links cannot be read or written right now; retry shortly.', {
      headers: { 'Retry-After': '1' },
    });
  }
  if (error instanceof StoredItemInvalidError) {
    logger.error('stored item invalid', { requestId, slug: error.key, reason: error.reason });
    return new Problem(
      PROBLEMS.storedLinkInvalid,
      `The stored link '${error.key}' is invalid and cannot be served; it is logged under request id ${requestId}.`,
    );
  }
  const status = (error as { status?: unknown }).status;
  if ((error as { expose?: unknown }).expose === true && typeof status === 'number' && status >= 400 && status < 500) {
    return new Problem(statusProblem(status), (error as Error).message);
  }
  logger.error('unhandled error', { requestId, err: error });
  return new Problem(
    statusProblem(500),
    `The request failed unexpectedly; it is logged under request id ${requestId}.`,
  );
}

function routeDetail(ctx: Context): string {
  if (ctx.status === 404) return `Nothing is served at ${ctx.method} ${ctx.path}.`;
  const allow = ctx.response.get('Allow');
  return allow === ''
    ? `${ctx.method} ${ctx.path} cannot be served.`
    : `${ctx.method} is not allowed here; allowed: ${allow}.`;
}
