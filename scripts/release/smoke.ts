/**
 * `npm run smoke -- BASE_URL`: after a deploy, checks the public URL end to end through CloudFront, API
 * Gateway, the ALB and the tasks: health, create a link, follow it, delete it (with its management token when
 * the service issues one) and see it gone. Each step retries within a bounded budget, because a fresh
 * deployment may still be settling (DNS, CloudFront, tasks registering); the first step that never passes
 * fails the run with what it saw.
 */
import { randomUUID } from 'node:crypto';
import { HEALTH_PATH, LINKS_PATH } from '../../service/src/contract';

export interface SmokeOptions {
  /** Tries per step. Default: 20. */
  readonly attempts?: number;
  /** Wait between tries in ms. Default: 15 000 (20 tries ≈ 5 minutes, longer than a DNS or health-check settle). */
  readonly retryDelayMs?: number;
  /** Per-request timeout in ms. Default: 10 000. */
  readonly requestTimeoutMs?: number;
  /** Where a link points; must not be on the service's own domain. Default: a unique example.com URL. */
  readonly targetUrl?: string;
  readonly log?: (line: string) => void;
}

interface Seen {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

async function request(url: string, init: RequestInit, timeoutMs: number): Promise<Seen> {
  const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function describe(seen: Seen): string {
  return `HTTP ${seen.status} ${seen.text.slice(0, 300)}`;
}

/** Runs `check` until it returns a value or the tries run out; the last problem is the error. */
async function step<T>(name: string, options: Required<Omit<SmokeOptions, 'targetUrl'>>, check: () => Promise<T>) {
  let last = '';
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      const value = await check();
      options.log(`ok   ${name}${attempt > 1 ? ` (try ${attempt})` : ''}`);
      return value;
    } catch (error) {
      last = (error as Error).message;
      options.log(`wait ${name}: ${last}`);
      if (attempt < options.attempts) await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs));
    }
  }
  throw new Error(`smoke step "${name}" failed after ${options.attempts} tries: ${last}`);
}

function expectStatus(seen: Seen, ...statuses: number[]): void {
  if (!statuses.includes(seen.status)) throw new Error(`expected ${statuses.join(' or ')}, got ${describe(seen)}`);
}

/** Runs every step against `baseUrl`; resolves when all passed, rejects with the first failing step. */
export async function smokeTest(baseUrl: string, options: SmokeOptions = {}): Promise<void> {
  const base = new URL(baseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:')
    throw new Error(`BASE_URL must be http(s), got ${baseUrl}`);
  const settings = {
    attempts: options.attempts ?? 20,
    retryDelayMs: options.retryDelayMs ?? 15_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    log: options.log ?? ((line: string) => console.error(line)),
  };
  const at = (path: string) => new URL(path, base).href;
  const call = (path: string, init: RequestInit = {}) => request(at(path), init, settings.requestTimeoutMs);
  const target = options.targetUrl ?? `https://example.com/shortlinks-smoke/${randomUUID()}`;

  await step('health', settings, async () => expectStatus(await call(HEALTH_PATH), 200));

  const created = await step('create a link', settings, async () => {
    const seen = await call(LINKS_PATH, {
      method: 'POST',
      // One key for every try: a retry after a lost answer must not make a second link.
      headers: { 'content-type': 'application/json', 'idempotency-key': `smoke-${target.slice(-36)}` },
      body: JSON.stringify({ url: target }),
    });
    expectStatus(seen, 201);
    const body = JSON.parse(seen.text) as { slug?: unknown; managementToken?: unknown };
    if (typeof body.slug !== 'string' || body.slug === '') throw new Error(`201 without a slug: ${seen.text}`);
    return { slug: body.slug, token: typeof body.managementToken === 'string' ? body.managementToken : undefined };
  });

  await step('follow it', settings, async () => {
    const seen = await call(`/${created.slug}`);
    expectStatus(seen, 301, 302);
    const location = seen.headers.get('location');
    if (location !== target) throw new Error(`redirect to ${location}, expected ${target}`);
  });

  await step('delete it', settings, async () => {
    const seen = await call(`${LINKS_PATH}/${created.slug}`, {
      method: 'DELETE',
      headers: created.token === undefined ? {} : { authorization: `Bearer ${created.token}` },
    });
    // 404 on a retry means an earlier try deleted it and its answer was lost.
    expectStatus(seen, 204, 404);
  });

  // /api is never cached at the edge, so this sees the deletion at once (a cached redirect may outlive it).
  await step('see it gone', settings, async () => expectStatus(await call(`${LINKS_PATH}/${created.slug}`), 404, 410));
}

if (require.main === module) {
  const [baseUrl] = process.argv.slice(2);
  if (baseUrl === undefined) {
    console.error('Usage: npm run smoke -- BASE_URL   (e.g. https://dev.example.com)');
    process.exitCode = 2;
  } else {
    smokeTest(baseUrl).then(
      () => console.error(`smoke test of ${baseUrl} passed`),
      (error: Error) => {
        console.error(error.message);
        process.exitCode = 1;
      },
    );
  }
}
