import type { RedirectStatus } from './config';
import { API_JWT_HEADER, HEALTH_PATH, LINKS_PATH, OPENAPI_PATH, READY_PATH } from './contract';
import { IDEMPOTENCY_KEY_PATTERN } from './links/idempotent-create';
import { linkViewSchema } from './links/link';
import { MAX_BODY_BYTES } from './json-body';
import { PROBLEMS, type ProblemType } from './problem';
import { objectSchema, toJsonSchema, type Schema } from './validation/schema';
import { slugSchema } from './validation/slug';

const issueSchema = objectSchema(
  'One field that failed validation.',
  {
    pointer: { type: 'string', description: 'JSON Pointer (RFC 6901) to the field in the request body.' },
    detail: { type: 'string', description: 'What is wrong with it.' },
  },
  ['pointer', 'detail'],
);

const problemSchema = objectSchema(
  'RFC 9457 problem details.',
  {
    type: { type: 'string', format: 'uri', description: 'Identifies the kind of problem (a URN, or about:blank).' },
    title: { type: 'string', description: 'Short summary of the kind of problem.' },
    status: { type: 'integer', description: 'The HTTP status code.' },
    detail: { type: 'string', description: 'What went wrong with this request.' },
    requestId: { type: 'string', description: 'Also in the X-Request-Id header and the service logs.' },
    errors: { type: 'array', items: issueSchema, description: 'Per-field failures (validation problems only).' },
  },
  ['type', 'title', 'status', 'detail'],
);

const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
/** As clients write it (the contract keeps header names lower-case, as Node delivers them). */
const apiJwtHeaderName = API_JWT_HEADER.replace(
  /(^|-)([a-z])/g,
  (_match, dash: string, letter: string) => dash + letter.toUpperCase(),
);

const createdLinkSchema = objectSchema(
  'The new link, and the token that manages it.',
  {
    ...linkViewSchema.properties,
    managementToken: {
      type: 'string',
      description:
        'Secret (256 bits, base64url) that DELETE takes as `Authorization: Bearer <token>`. Returned only here ' +
        '(an idempotent replay returns the same one); the service keeps only its hash, so it cannot be recovered.',
    },
  },
  [...linkViewSchema.required, 'managementToken'],
);

export interface OpenApiOptions {
  readonly inputSchema: Schema;
  readonly publicBaseUrl: URL;
  readonly redirectStatus: RedirectStatus;
}

/** The OpenAPI 3.1 document, built from the schemas that validate requests. */
export function createOpenApiDocument({ inputSchema, publicBaseUrl, redirectStatus }: OpenApiOptions): object {
  const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
  const text = (description: string) => ({ description, schema: { type: 'string' } });
  const slugParameter = { name: 'slug', in: 'path', required: true, schema: toJsonSchema(slugSchema) };
  const health = (description: string) => ({ description, content: json('Status') });
  return {
    openapi: '3.1.0',
    info: {
      title: 'shortlinks',
      version: '1.0.0',
      description: 'A link shortener. Errors are RFC 9457 application/problem+json.',
    },
    servers: [{ url: publicBaseUrl.origin }],
    paths: {
      [LINKS_PATH]: {
        post: {
          operationId: 'createLink',
          summary: 'Create a short link',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description:
                'Makes retries safe: a repeat with the same key and body returns the first link (with ' +
                'Idempotent-Replayed: true); the same key with another body is refused. Remembered for 24 hours.',
              schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source },
            },
          ],
          requestBody: {
            required: true,
            description: `At most ${MAX_BODY_BYTES} bytes.`,
            content: json('CreateLinkInput'),
          },
          responses: {
            201: {
              description:
                'Created. The only answer that carries the management token: keep it to delete the link later.',
              headers: {
                Location: text('URL of the new link resource.'),
                'Idempotent-Replayed': text('true on a replay.'),
              },
              content: json('CreatedLink'),
            },
            ...problems(
              PROBLEMS.malformedJson,
              PROBLEMS.invalidIdempotencyKey,
              PROBLEMS.slugTaken,
              PROBLEMS.slugRetired,
              PROBLEMS.idempotencyKeyInProgress,
              PROBLEMS.bodyTooLarge,
              PROBLEMS.unsupportedMediaType,
              PROBLEMS.validation,
              PROBLEMS.idempotencyKeyReused,
              PROBLEMS.storedLinkInvalid,
              PROBLEMS.storeUnavailable,
            ),
          },
        },
      },
      [`${LINKS_PATH}/{slug}`]: {
        parameters: [slugParameter],
        get: {
          operationId: 'getLink',
          summary: 'Read a link',
          responses: {
            200: { description: 'The link.', content: json('Link') },
            ...problems(PROBLEMS.linkNotFound, PROBLEMS.storedLinkInvalid, PROBLEMS.storeUnavailable),
          },
        },
        delete: {
          operationId: 'deleteLink',
          summary: 'Delete a link (its slug stays retired)',
          description:
            'Needs the management token from the 201 that created the link, as `Authorization: Bearer <token>`. ' +
            `Where the API requires a JWT, it goes in \`${apiJwtHeaderName}\` and the token is still required: ` +
            'the JWT says who may use the API, the token which link they may manage.',
          security: [{ managementToken: [] }],
          responses: {
            204: { description: 'Deleted; the slug cannot be taken again until its retirement ends.' },
            401: {
              description: `${PROBLEMS.managementTokenMissing.title} (${PROBLEMS.managementTokenMissing.type}).`,
              headers: { 'WWW-Authenticate': text('Bearer realm="shortlinks"') },
              content: problemContent,
            },
            ...problems(
              PROBLEMS.managementTokenWrong,
              PROBLEMS.linkNotFound,
              PROBLEMS.storedLinkInvalid,
              PROBLEMS.storeUnavailable,
            ),
          },
        },
      },
      '/{slug}': {
        parameters: [slugParameter],
        get: {
          operationId: 'followLink',
          summary: 'Redirect to the link target (HEAD too)',
          responses: {
            [redirectStatus]: {
              description: 'Redirect to the target.',
              headers: {
                Location: text('The target URL.'),
                'Cache-Control': text('public, max-age=N: N is the configured maximum, capped by the link expiry.'),
              },
            },
            ...problems(PROBLEMS.linkNotFound, PROBLEMS.storedLinkInvalid, PROBLEMS.storeUnavailable),
          },
        },
      },
      [HEALTH_PATH]: {
        get: {
          operationId: 'health',
          summary: 'Liveness: the process answers and its DynamoDB calls end by their deadline',
          responses: { 200: health('Alive.'), ...problems(PROBLEMS.wedged) },
        },
      },
      [READY_PATH]: {
        get: {
          operationId: 'ready',
          summary: 'Readiness: DynamoDB answers and the service is not shutting down',
          responses: { 200: health('Ready.'), ...problems(PROBLEMS.notReady, PROBLEMS.storeUnavailable) },
        },
      },
      [OPENAPI_PATH]: {
        get: { operationId: 'openapi', summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1.' } } },
      },
    },
    components: {
      securitySchemes: {
        managementToken: {
          type: 'http',
          scheme: 'bearer',
          description: "The link's management token, returned once, in the 201 of its creation.",
        },
      },
      schemas: {
        CreateLinkInput: toJsonSchema(inputSchema),
        Link: toJsonSchema(linkViewSchema),
        CreatedLink: toJsonSchema(createdLinkSchema),
        Problem: toJsonSchema(problemSchema),
        Status: toJsonSchema(objectSchema('Health status.', { status: { type: 'string' } }, ['status'])),
      },
    },
  };
}

/** Problem responses grouped by status; each lists the problem types it may carry. */
function problems(...kinds: ProblemType[]): Record<string, object> {
  const byStatus = new Map<number, ProblemType[]>();
  for (const kind of kinds) byStatus.set(kind.status, [...(byStatus.get(kind.status) ?? []), kind]);
  return Object.fromEntries(
    [...byStatus].map(([status, group]) => [
      status,
      {
        description: group.map((kind) => `${kind.title} (${kind.type})`).join('; '),
        content: problemContent,
      },
    ]),
  );
}
