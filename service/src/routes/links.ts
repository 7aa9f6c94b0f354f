import type { Context } from 'koa';
import { LINKS_PATH } from '../contract';
import { createLink } from '../links/create-link';
import { createIdempotently, IDEMPOTENCY_KEY_PATTERN, requestFingerprint } from '../links/idempotent-create';
import { isExpired, toLinkView, type Link } from '../links/link';
import { readJsonBody } from '../json-body';
import { Problem, PROBLEMS } from '../problem';
import type { LinkInputSchema } from '../validation/link-input';
import { validate, type ValidationIssue } from '../validation/schema';
import { isPossibleSlug } from '../validation/slug';
import type Router from '@koa/router';
import type { RouteDeps } from './deps';

/** `POST /api/links`, `GET /api/links/{slug}`, `DELETE /api/links/{slug}`. */
export function registerLinks(router: Router, deps: RouteDeps, inputSchema: LinkInputSchema): void {
  const { links, idempotency, config, now } = deps;

  router.post(LINKS_PATH, async (ctx) => {
    const idempotencyKey = readIdempotencyKey(ctx);
    const result = validate(inputSchema, await readJsonBody(ctx));
    if (!result.ok) {
      throw new Problem(PROBLEMS.validation, describeIssues(result.issues), { extensions: { errors: result.issues } });
    }
    const nowMs = now();
    // Validation parsed the fields: `url` is a URL (its href is the stored form), `expiresAt` epoch seconds.
    const { slug, expiresAt } = result.value;
    const url = result.value.url.href;
    const draft = { url, createdAt: new Date(nowMs).toISOString(), ...(expiresAt === undefined ? {} : { expiresAt }) };
    const create = () => createLink(links, draft, slug, nowMs);
    const { link, replayed } =
      idempotencyKey === undefined
        ? { link: await create(), replayed: false }
        : await createIdempotently(
            idempotency,
            idempotencyKey,
            requestFingerprint({ url, slug, expiresAt }),
            nowMs,
            create,
          );
    ctx.status = 201;
    ctx.set('Location', new URL(`${LINKS_PATH}/${link.slug}`, config.publicBaseUrl).href);
    ctx.set('Cache-Control', 'no-store');
    if (replayed) ctx.set('Idempotent-Replayed', 'true');
    ctx.body = toLinkView(link, config.publicBaseUrl);
  });

  router.get(`${LINKS_PATH}/:slug`, async (ctx) => {
    const link = liveLink(isPossibleSlug(ctx.params.slug) ? await links.get(ctx.params.slug) : undefined, now());
    ctx.set('Cache-Control', 'no-store');
    ctx.body = toLinkView(link, config.publicBaseUrl);
  });

  router.delete(`${LINKS_PATH}/:slug`, async (ctx) => {
    liveLink(isPossibleSlug(ctx.params.slug) ? await links.delete(ctx.params.slug) : undefined, now());
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
function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map(({ pointer, detail }) => `${pointer === '' ? 'The body' : pointer} ${detail}`).join('; ') + '.';
}
