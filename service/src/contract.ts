/**
 * Facts the service and the infrastructure must agree on. The cdktf modules import this file, so a port,
 * a path or a header name is written once and cannot drift between the container and the load balancer.
 * Keep it free of imports: the infrastructure loads it at synth time.
 */

/** Port the container listens on, and the default for `npm run dev`. */
export const SERVICE_PORT = 3000;

/** Everything under this prefix is the JSON API; CloudFront never caches it. Other paths are redirects. */
export const API_PREFIX = '/api';
export const LINKS_PATH = `${API_PREFIX}/links`;
export const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;

/** Liveness: the process is up (used by the container health check and the ALB target group). */
export const HEALTH_PATH = '/healthz';
/**
 * Readiness: DynamoDB answers. For operators and deploy checks, not the ALB: a DynamoDB blip would mark every
 * task unhealthy at once and ECS would replace healthy processes (see modules/load-balancer).
 */
export const READY_PATH = '/readyz';

/**
 * Secret header CloudFront adds to every origin request and the ALB listener rule requires.
 * HTTP APIs take no WAF or resource policy, so this is what keeps direct calls to the origin out.
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * Environment variables the service reads at start: the names, shared with the task definition. Default, range
 * and meaning of each are declared once beside them in src/env.ts (the type there requires one entry per name).
 */
export const ENV = {
  port: 'PORT',
  tableName: 'TABLE_NAME',
  region: 'AWS_REGION',
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  redirectStatus: 'REDIRECT_STATUS',
  logLevel: 'LOG_LEVEL',
  shutdownTimeoutMs: 'SHUTDOWN_TIMEOUT_MS',
  redirectMaxAgeSeconds: 'REDIRECT_MAX_AGE_SECONDS',
  linkCacheTtlMs: 'LINK_CACHE_TTL_MS',
  linkCacheMaxEntries: 'LINK_CACHE_MAX_ENTRIES',
  dynamodbTimeoutMs: 'DYNAMODB_TIMEOUT_MS',
  retiredSlugDays: 'RETIRED_SLUG_DAYS',
  ownHostnames: 'OWN_HOSTNAMES',
} as const;

/**
 * Who may manage a link: `DELETE /api/links/{slug}` takes `Authorization: Bearer <managementToken>`, the token
 * issued in the link's 201. The management token answers "which link", not "who may use the API".
 */
export const MANAGEMENT_TOKEN_HEADER = 'authorization';
/**
 * Where API Gateway's JWT authorizer (modules/api, when enabled) reads the caller's JWT. Not `Authorization`:
 * that header carries the management token, and a request that deletes a link under the authorizer needs both
 * (the JWT says who may call the API, the token which link they may manage). API Gateway passes the header on
 * unchanged; the service ignores it.
 */
export const API_JWT_HEADER = 'x-api-authorization';

/** ALB idle timeout in seconds (AWS default). The service's keep-alive timeout must exceed it. */
export const ALB_IDLE_TIMEOUT_SECONDS = 60;

/**
 * How long the service may take to drain in-flight requests after SIGTERM. The target group's
 * deregistration delay and the ECS stop timeout are derived from it.
 */
export const SHUTDOWN_TIMEOUT_SECONDS = 25;

/**
 * How long the platform lets a stopping task drain: the shutdown timeout plus 5 s for the signal to arrive and
 * the last bytes to leave. The target group's deregistration delay and the ECS stop timeout both use it.
 */
export const DRAIN_BUDGET_SECONDS = SHUTDOWN_TIMEOUT_SECONDS + 5;

/**
 * The container health check, relative to the image's working directory (/app). The Dockerfile's HEALTHCHECK
 * and the ECS task definition both run it (a test holds the Dockerfile to it): no curl in the slim image.
 */
export const HEALTHCHECK_COMMAND: readonly string[] = ['node', 'service/dist/healthcheck.js'];
/** When and how often that command runs: the Dockerfile's HEALTHCHECK flags and the task definition's healthCheck. */
export const HEALTHCHECK_TIMING = {
  intervalSeconds: 15,
  timeoutSeconds: 5,
  startPeriodSeconds: 15,
  retries: 3,
} as const;
