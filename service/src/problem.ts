import { STATUS_CODES } from 'node:http';
import type { Context } from 'koa';

/**
 * RFC 9457 problem details. Each kind of failure the API reports is listed once here; the OpenAPI document
 * and the responses both read this catalogue. Type URIs are URNs: stable identifiers, not pages to fetch.
 */
export interface ProblemType {
  readonly type: string;
  readonly title: string;
  readonly status: number;
}

const problemType = (name: string, status: number, title: string): ProblemType => ({
  type: `urn:shortlinks:problem:${name}`,
  title,
  status,
});

export const PROBLEMS = {
  malformedJson: problemType('malformed-json', 400, 'Request body is not valid JSON'),
  invalidIdempotencyKey: problemType('invalid-idempotency-key', 400, 'Idempotency-Key header is invalid'),
  managementTokenMissing: problemType('management-token-missing', 401, 'Management token required'),
  managementTokenWrong: problemType('management-token-wrong', 403, 'Management token does not match'),
  linkNotFound: problemType('link-not-found', 404, 'Link not found'),
  slugTaken: problemType('slug-taken', 409, 'Slug is already taken'),
  slugRetired: problemType('slug-retired', 409, 'Slug is retired'),
  idempotencyKeyInProgress: problemType('idempotency-key-in-progress', 409, 'A request with this key is in progress'),
  bodyTooLarge: problemType('body-too-large', 413, 'Request body is too large'),
  unsupportedMediaType: problemType('unsupported-media-type', 415, 'Unsupported request body'),
  validation: problemType('validation', 422, 'Request body is invalid'),
  idempotencyKeyReused: problemType('idempotency-key-reused', 422, 'Idempotency-Key was used for another request'),
  storedLinkInvalid: problemType('stored-link-invalid', 500, 'Stored link is invalid'),
  notReady: problemType('not-ready', 503, 'Service is not ready'),
  wedged: problemType('wedged', 503, 'Service is stuck and must be replaced'),
  storeUnavailable: problemType('store-unavailable', 503, 'Link storage is unavailable'),
} as const satisfies Record<string, ProblemType>;

/** RFC 9457 §4.2: `about:blank` means "nothing more than the HTTP status says". */
export function statusProblem(status: number): ProblemType {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status };
}

export interface ProblemOptions {
  /** Extension members (RFC 9457 §3.2), e.g. `errors` for field-level validation failures. */
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Most problems must not be cached; a 404 on the redirect path may be, briefly (see README). */
  readonly cacheControl?: string;
}

/** Thrown by handlers; the problem middleware turns it into the response. */
export class Problem extends Error {
  constructor(
    readonly kind: ProblemType,
    readonly detail: string,
    readonly options: ProblemOptions = {},
  ) {
    super(detail);
    this.name = 'Problem';
  }
}

export function sendProblem(ctx: Context, problem: Problem): void {
  const { type, title, status } = problem.kind;
  ctx.status = status;
  for (const [name, value] of Object.entries(problem.options.headers ?? {})) ctx.set(name, value);
  ctx.set('Cache-Control', problem.options.cacheControl ?? 'no-store');
  ctx.type = 'application/problem+json';
  ctx.body = {
    type,
    title,
    status,
    detail: problem.detail,
    requestId: ctx.state.requestId,
    ...problem.options.extensions,
  };
}
