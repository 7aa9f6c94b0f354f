import { LINKS_PATH, OPENAPI_PATH } from '../../service/src/contract';

/**
 * The routes API Gateway exposes for the service. Routes marked `writes` take the JWT authorizer when one is
 * configured; the others are public reads. `$default` counts as a write: it matches every method and path no other
 * route does (`POST /api/links/` with a trailing slash, `PUT ...`), so leaving it public would let writes around
 * the authorizer. Public reads are therefore listed one by one.
 */
export interface ServiceRoute {
  /** API Gateway route key: `<METHOD> <path>` or `$default`. */
  readonly routeKey: string;
  /** May change data, so it requires a token when the API has an authorizer. */
  readonly writes: boolean;
  /** Terraform-safe suffix for the construct id. */
  readonly id: string;
}

export const SERVICE_ROUTES: readonly ServiceRoute[] = [
  { id: 'create-link', routeKey: `POST ${LINKS_PATH}`, writes: true },
  { id: 'delete-link', routeKey: `DELETE ${LINKS_PATH}/{slug}`, writes: true },
  { id: 'get-link', routeKey: `GET ${LINKS_PATH}/{slug}`, writes: false },
  { id: 'openapi', routeKey: `GET ${OPENAPI_PATH}`, writes: false },
  { id: 'redirect', routeKey: 'GET /{slug}', writes: false },
  { id: 'redirect-head', routeKey: 'HEAD /{slug}', writes: false },
  { id: 'default', routeKey: '$default', writes: true },
];
