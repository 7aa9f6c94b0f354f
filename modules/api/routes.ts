/**
 * The routes API Gateway exposes for the service. Write routes take the JWT authorizer when one is configured;
 * `$default` carries everything else (the public `GET /{slug}` redirects, health checks) to the service unchanged.
 */
export interface ServiceRoute {
  readonly routeKey: string;
  /** Changes data, so it requires a token when the API has an authorizer. */
  readonly writes: boolean;
  /** Terraform-safe suffix for the construct id. */
  readonly id: string;
}

export const SERVICE_ROUTES: readonly ServiceRoute[] = [
  { id: 'create-link', routeKey: 'POST /api/links', writes: true },
  { id: 'delete-link', routeKey: 'DELETE /api/links/{slug}', writes: true },
  { id: 'get-link', routeKey: 'GET /api/links/{slug}', writes: false },
  { id: 'openapi', routeKey: 'GET /api/openapi.json', writes: false },
  { id: 'default', routeKey: '$default', writes: false },
];
