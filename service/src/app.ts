import Router from '@koa/router';
import Koa from 'koa';
import { registerHealth } from './routes/health';
import { registerLinks } from './routes/links';
import { registerOpenApi } from './routes/openapi';
import { registerRedirect } from './routes/redirect';
import type { AppDeps, RouteDeps } from './routes/deps';
import { closeWhenDraining } from './middleware/close-when-draining';
import { problemResponses } from './middleware/problem-responses';
import { requestContext } from './middleware/request-context';
import { createOpenApiDocument } from './openapi';
import { createLinkInputSchema } from './validation/link-input';

export type { AppDeps } from './routes/deps';

/**
 * The router answers OPTIONS with 200, `Allow` and no other header: say it must not be cached, and that there is
 * no body, like every other answer of this API does. (CORS preflights never reach here: the API allows no
 * cross-origin browser calls.)
 */
const optionsWithoutBody: Koa.Middleware = async (ctx, next) => {
  await next();
  if (ctx.method === 'OPTIONS' && ctx.status < 300) {
    ctx.status = 204;
    ctx.set('Cache-Control', 'no-store');
  }
};

/** The Koa application, without a listening socket (server.ts adds that), so tests can mount it anywhere. */
export function createApp(appDeps: AppDeps): Koa {
  const deps: RouteDeps = { now: Date.now, ...appDeps };
  const app = new Koa();
  // Errors inside requests are answered by problemResponses; what still reaches Koa (a socket failing while a
  // response is written) is logged here, as JSON like everything else.
  app.on('error', (error: Error) => deps.logger.warn('response failed', { err: error }));

  const { publicBaseUrl, ownHostnames, redirectStatus } = deps.config;
  // One schema validates request bodies and describes them in the OpenAPI document.
  const inputSchema = createLinkInputSchema([publicBaseUrl.hostname, ...ownHostnames], deps.now);
  const router = new Router();
  registerHealth(router, deps);
  registerOpenApi(router, createOpenApiDocument({ inputSchema, publicBaseUrl, redirectStatus }));
  registerLinks(router, deps, inputSchema);
  // Last: `/:slug` would otherwise shadow the fixed paths above.
  registerRedirect(router, deps);

  app.use(requestContext(deps.logger));
  app.use(closeWhenDraining(deps.lifecycle));
  app.use(problemResponses(deps.logger));
  app.use(optionsWithoutBody);
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
