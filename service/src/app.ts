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

/** The Koa application, without a listening socket (server.ts adds that), so tests can mount it anywhere. */
export function createApp(appDeps: AppDeps): Koa {
  const deps: RouteDeps = { now: Date.now, ...appDeps };
  const app = new Koa();
  // Errors inside requests are answered by problemResponses; what still reaches Koa (a socket failing while a
  // response is written) is logged here, as JSON like everything else.
  app.on('error', (error: Error) => deps.logger.warn('response failed', { err: error }));

  const { publicBaseUrl, redirectStatus } = deps.config;
  // One schema validates request bodies and describes them in the OpenAPI document.
  const inputSchema = createLinkInputSchema(publicBaseUrl.hostname, deps.now);
  const router = new Router();
  registerHealth(router, deps);
  registerOpenApi(router, createOpenApiDocument({ inputSchema, publicBaseUrl, redirectStatus }));
  registerLinks(router, deps, inputSchema);
  // Last: `/:slug` would otherwise shadow the fixed paths above.
  registerRedirect(router, deps);

  app.use(requestContext(deps.logger));
  app.use(closeWhenDraining(deps.lifecycle));
  app.use(problemResponses(deps.logger));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
