import type { IncomingMessage, ServerResponse } from 'node:http';
import { arrivalTime, logAccess, requestIdentity } from './access-log';
import type { Config } from './config';
import type { Lifecycle } from './lifecycle';
import { isExpired } from './links/link';
import type { Logger } from './logger';
import { redirectCacheControl } from './routes/redirect';
import type { CachedLinkStore } from './store/cached-link-store';
import { SLUG_PATTERN } from './validation/slug';

export interface HotRedirectDeps {
  readonly cache: CachedLinkStore;
  readonly config: Pick<Config, 'redirectStatus' | 'redirectMaxAgeSeconds'>;
  readonly logger: Logger;
  readonly lifecycle: Lifecycle;
  readonly now?: () => number;
}

export type HotRedirect = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Answers `GET|HEAD /{slug}` straight from node:http when the link sits fresh and unexpired in the process
 * cache, and returns false for everything else, which Koa then serves (and a miss there fills the cache).
 * Koa's per-request machinery costs more CPU than the whole redirect; this path skips it and writes the same
 * response the Koa route would (same Cache-Control rule, request id and access-log line).
 */
export function createHotRedirect({ cache, config, logger, lifecycle, now = Date.now }: HotRedirectDeps): HotRedirect {
  // Most links never expire, and then their Cache-Control is the same on every redirect: made once, not per request.
  const cacheControlWithoutExpiry = redirectCacheControl({}, 0, config.redirectMaxAgeSeconds);
  return (req, res) => {
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') return false;
    const path = req.url ?? '';
    const slug = path.slice(1);
    if (path[0] !== '/' || !SLUG_PATTERN.test(slug)) return false;
    const startedAt = arrivalTime();
    const nowMs = now();
    const link = cache.peek(slug, nowMs);
    if (link === undefined || isExpired(link, nowMs)) return false;

    const identity = requestIdentity(req.rawHeaders);
    const headers: Record<string, string> = {
      'X-Request-Id': identity.requestId,
      Location: link.url,
      'Cache-Control':
        link.expiresAt === undefined
          ? cacheControlWithoutExpiry
          : redirectCacheControl(link, nowMs, config.redirectMaxAgeSeconds),
      'Content-Length': '0',
    };
    if (lifecycle.draining) headers.Connection = 'close';
    try {
      res.writeHead(config.redirectStatus, headers);
    } catch (error) {
      // Cached links were validated when read (dynamo-link-store.ts), so this is a bug, not bad data: still no
      // reason to take the process down. Koa serves the request instead and answers 500 problem+json.
      logger.error('hot redirect failed', { slug, err: error });
      return false;
    }
    res.end();
    logAccess(logger, identity, method, path, config.redirectStatus, startedAt);
    return true;
  };
}
