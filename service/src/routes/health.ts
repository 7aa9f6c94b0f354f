import { HEALTH_PATH, READY_PATH } from '../contract';
import { Problem, PROBLEMS } from '../problem';
import type Router from '@koa/router';
import type { RouteDeps } from './deps';

/**
 * Liveness (`/healthz`, what the ALB and the container health check use) says this process can still serve:
 * its event loop answers and every store call ends by its deadline. A DynamoDB outage does not fail it: calls
 * then fail at their deadline (503 to the client), the same on every task, and replacing tasks would not help
 * (it would take every task out at once). A call still running well past its deadline does fail it: the bound
 * itself is broken (a wedged socket pool, say), which only this process has, and only a new one cures.
 *
 * Readiness (`/readyz`) says DynamoDB answers too and the process is not shutting down.
 */
export function registerHealth(router: Router, { readiness, wedgedForMs, lifecycle, logger }: RouteDeps): void {
  router.get(HEALTH_PATH, (ctx) => {
    const wedgedMs = wedgedForMs();
    if (wedgedMs > 0) {
      logger.error('store calls outlive their deadline: reporting unhealthy', { wedgedForMs: wedgedMs });
      throw new Problem(
        PROBLEMS.wedged,
        `A DynamoDB call has run ${Math.round(wedgedMs / 1000)} s past its deadline; this process cannot recover.`,
      );
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok' };
  });
  router.get(READY_PATH, async (ctx) => {
    if (lifecycle.draining) throw new Problem(PROBLEMS.notReady, 'The service is shutting down.');
    try {
      await readiness();
    } catch (error) {
      logger.warn('readiness probe failed', { requestId: ctx.state.requestId, err: error });
      throw new Problem(PROBLEMS.storeUnavailable, `DynamoDB did not answer: ${describe(error)}.`, {
        headers: { 'Retry-After': '5' },
      });
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ready' };
  });
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.name : 'unknown error';
}
