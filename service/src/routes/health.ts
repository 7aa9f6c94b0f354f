import { HEALTH_PATH, READY_PATH } from '../contract';
import { Problem, PROBLEMS } from '../problem';
import type Router from '@koa/router';
import type { RouteDeps } from './deps';

/** Liveness says the event loop answers; readiness says DynamoDB does too and we are not shutting down. */
export function registerHealth(router: Router, { readiness, lifecycle, logger }: RouteDeps): void {
  router.get(HEALTH_PATH, (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok' };
  });
  router.get(READY_PATH, async (ctx) => {
    if (lifecycle.draining) throw new Problem(PROBLEMS.notReady, 'The service is shutting down.');
    try {
      await readiness();
    } catch (error) {
      logger.warn('readiness probe failed', { requestId: ctx.state.requestId, err: error });
      throw new Problem(PROBLEMS.storeUnavailable, `DynamoDB did not answer: ${(error as Error).name}.`, {
        headers: { 'Retry-After': '5' },
      });
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ready' };
  });
}
