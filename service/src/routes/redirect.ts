import type { Link } from '../links/link';
import { isExpired } from '../links/link';
import { Problem, PROBLEMS } from '../problem';
import { isPossibleSlug } from '../validation/slug';
import type Router from '@koa/router';
import type { RouteDeps } from './deps';

/**
 * A miss may be cached at the edge briefly: it absorbs scans of unknown slugs, and a slug that was probed
 * and then created resolves at most this late.
 */
const NOT_FOUND_MAX_AGE_SECONDS = 10;

/** `GET|HEAD /{slug}`: the hot path, one cache or GetItem lookup. */
export function registerRedirect(router: Router, { links, config, now }: RouteDeps): void {
  router.get('/:slug', async (ctx) => {
    const { slug } = ctx.params;
    const nowMs = now();
    const link = isPossibleSlug(slug) ? await links.get(slug) : undefined;
    if (link === undefined || isExpired(link, nowMs)) {
      throw new Problem(PROBLEMS.linkNotFound, 'No link exists at this path, or it has expired or been deleted.', {
        cacheControl: `public, max-age=${NOT_FOUND_MAX_AGE_SECONDS}`,
      });
    }
    // Body first: setting a null body afterwards would turn the status into 204.
    ctx.body = null;
    ctx.status = config.redirectStatus;
    ctx.set('Location', link.url);
    ctx.set('Cache-Control', redirectCacheControl(link, nowMs, config.redirectMaxAgeSeconds));
  });
}

/**
 * Shared with the hot path (hot-redirect.ts): cacheable by CloudFront and browsers for `maxAgeSeconds`,
 * never past the link's own expiry.
 */
export function redirectCacheControl(link: Pick<Link, 'expiresAt'>, nowMs: number, maxAgeSeconds: number): string {
  const untilExpiry = link.expiresAt === undefined ? Infinity : Math.floor(link.expiresAt - nowMs / 1000);
  return `public, max-age=${Math.max(0, Math.min(maxAgeSeconds, untilExpiry))}`;
}
