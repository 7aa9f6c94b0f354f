import type { Context } from 'koa';
import { LINKS_PATH, MANAGEMENT_TOKEN_HEADER } from '../contract';
import { createLink, type CreatedLink } from '../links/create-link';
import { createIdempotently, IDEMPOTENCY_KEY_PATTERN } from '../links/idempotent-create';
import { isExpired, toLinkView, type Link } from '../links/link';
import { secretHash, tokenMatches } from '../links/link-secrets';
import { readJsonBody } from '../json-body';
import { Problem, PROBLEMS } from '../problem';
import type { LinkInputSchema } from '../validation/link-input';
import { validate, type ValidationIssue } from '../validation/schema';
import { isPossibleSlug } from '../validation/slug';
import type Router from '@koa/router';
import type { RouteDeps } from './deps';

/** A 422 lists at most this many failures, so a body of thousands of unknown keys gets a short answer. */
export const MAX_LISTED_ISSUES = 10;
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** `POST /api/links`, `GET /api/links/{slug}`, `DELETE /api/links/{slug}`. */
export function registerLinks(router: Router, deps: RouteDeps, inputSchema: LinkInputSchema): void {
  const { links, idempotency, config, now } = deps;

  router.post(LINKS_PATH, async (ctx) => {
    const idempotencyKey = readIdempotencyKey(ctx);
    const result = validate(inputSchema, await readJsonBody(ctx));
    if (!result.ok) {
      const listed = result.issues.slice(0, MAX_LISTED_ISSUES);
      const unlisted = result.issues.length - listed.length;
      throw new Problem(PROBLEMS.validation, describeIssues(listed, unlisted), { extensions: { errors: listed } });
    }
    const nowMs = now();
    // Validation parsed the fields: `url` is a URL (its href is the stored form), `expiresAt` epoch seconds.
    const { slug, expiresAt } = result.value;
    const request = { url: result.value.url.href, slug, expiresAt };
    const created: CreatedLink =
      idempotencyKey === undefined
        ? await createLink(links, request, nowMs)
        : await createIdempotently(links, idempotency, idempotencyKey, request, nowMs);
    ctx.status = 201;
    ctx.set('Location', new URL(`${LINKS_PATH}/${created.link.slug}`, config.publicBaseUrl).href);
    ctx.set('Cache-Control', 'no-store');
    if (created.replayed) ctx.set('Idempotent-Replayed', 'true');
    ctx.body = { ...toLinkView(created.link, config.publicBaseUrl), managementToken: created.token };
  });

  router.get(`${LINKS_PATH}/:slug`, async (ctx) => {
    const link = liveLink(isPossibleSlug(ctx.params.slug) ? await links.get(ctx.params.slug) : undefined, now());
    ctx.set('Cache-Control', 'no-store');
    ctx.body = toLinkView(link, config.publicBaseUrl);
  });

  router.delete(`${LINKS_PATH}/:slug`, async (ctx) => {
    const token = readManagementToken(ctx);
    const nowMs = now();
    const link = liveLink(isPossibleSlug(ctx.params.slug) ? await links.get(ctx.params.slug) : undefined, nowMs);
    if (link.tokenHash === undefined || !tokenMatches(token, link.tokenHash)) {
      throw new Problem(PROBLEMS.managementTokenWrong, `This token does not manage the link '${link.slug}'.`);
    }
    // The condition repeats the token check on the item itself: a concurrent delete or expiry makes it a 404.
    if (!(await links.retire(link.slug, secretHash(token), nowMs))) liveLink(undefined, nowMs);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = 204;
  });
}

function liveLink(link: Link | undefined, nowMs: number): Link {
  if (link === undefined || isExpired(link, nowMs)) {
    throw new Problem(PROBLEMS.linkNotFound, 'No link has this slug, or it has expired or been deleted.');
  }
  return link;
}

/** The management token from `Authorization: Bearer <token>` (RFC 6750); never logged. */
function readManagementToken(ctx: Context): string {
  const header = ctx.get(MANAGEMENT_TOKEN_HEADER);
  const token = BEARER.exec(header)?.[1];
  if (token !== undefined) return token;
  // RFC 6750 §3: a challenge on every 401; `invalid_request` when a header was sent but is not a bearer token.
  const challenge = header === '' ? 'Bearer realm="shortlinks"' : 'Bearer realm="shortlinks", error="invalid_request"';
  throw new Problem(
    PROBLEMS.managementTokenMissing,
    header === ''
      ? "Deleting a link takes its management token (from the create response) as 'Authorization: Bearer <token>'."
      : "The Authorization header must be 'Bearer <managementToken>'.",
    { headers: { 'WWW-Authenticate': challenge } },
  );
}

function readIdempotencyKey(ctx: Context): string | undefined {
  const key = ctx.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key === 'string' && IDEMPOTENCY_KEY_PATTERN.test(key)) return key;
  throw new Problem(
    PROBLEMS.invalidIdempotencyKey,
    'Idempotency-Key must be one value of 1 to 255 printable ASCII characters without spaces (a UUID, say).',
  );
}

/** One sentence per failed field, e.g. "/url must use http or https, not 'ftp:'". */
function describeIssues(issues: readonly ValidationIssue[], unlisted: number): string {
  const sentences = issues.map(({ pointer, detail }) => `${pointer === '' ? 'The body' : pointer} ${detail}`);
  return `${sentences.join('; ')}${unlisted > 0 ? `; and ${unlisted} more` : ''}.`;
}
