import { OPENAPI_PATH } from '../openapi';
import type { AppRouter } from './deps';

/** Serves the document built once at start; it only changes with the code and the config. */
export function registerOpenApi(router: AppRouter, document: object): void {
  const body = JSON.stringify(document);
  router.get(OPENAPI_PATH, (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.type = 'application/json';
    ctx.body = body;
  });
}
