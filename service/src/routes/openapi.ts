import { OPENAPI_PATH } from '../contract';
import type Router from '@koa/router';

/** Serves the document built once at start; it only changes with the code and the config. */
export function registerOpenApi(router: Router, document: object): void {
  const body = JSON.stringify(document);
  router.get(OPENAPI_PATH, (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.type = 'application/json';
    ctx.body = body;
  });
}
