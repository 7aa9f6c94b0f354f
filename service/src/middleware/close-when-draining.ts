import type { Middleware } from 'koa';
import type { Lifecycle } from '../lifecycle';

/**
 * Once shutdown has begun, every response says `Connection: close`, so a keep-alive connection that was busy
 * when SIGTERM came closes after its last response instead of idling until the process is killed.
 */
export function closeWhenDraining(lifecycle: Lifecycle): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      if (lifecycle.draining) ctx.set('Connection', 'close');
    }
  };
}
