import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createApp } from '../src/app';
import { createLogger } from '../src/logger';
import { startServer } from '../src/server';
import { CachedLinkStore } from '../src/store/cached-link-store';
import { documentClient } from '../src/store/dynamo-client';
import { DynamoIdempotencyStore } from '../src/store/dynamo-idempotency-store';
import { DynamoLinkStore } from '../src/store/dynamo-link-store';
import { LinksTable } from '../src/store/links-table';
import { dynamoReadinessProbe } from '../src/store/readiness';
import { startDynalite, type RunningDynalite } from './helpers/dynalite';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy';
import {
  call,
  postLink,
  PUBLIC_BASE_URL,
  startTestService,
  type JsonResponse,
  type TestService,
} from './helpers/service';

/**
 * The deadline of every DynamoDB call in this file: short, so that each fault costs the test seconds, and long
 * enough that a healthy call on a busy machine (two CPU burners beside the suite) never misses it.
 */
const DEADLINE_MS = 8_000;
/**
 * What "bounded" means here: the deadline, plus room for a starved event loop to fire its timers late, far below
 * "never" (without the bound, these requests hang until the test times out).
 */
const ANSWERED_WITHIN_MS = DEADLINE_MS + 25_000;
/** How long recovery may take on a busy machine (a second or two on an idle one). */
const RECOVERED_WITHIN_MS = 20_000;

jest.setTimeout(120_000);

let store: RunningDynalite;
let proxy: FaultProxy;
let app: TestService;
let slug: string;

beforeAll(async () => {
  store = await startDynalite();
  proxy = await startFaultProxy(store.port);
  // No link cache: every redirect asks DynamoDB, through the proxy.
  app = await startTestService(
    proxy.endpoint,
    { DYNAMODB_TIMEOUT_MS: String(DEADLINE_MS), LINK_CACHE_TTL_MS: '0' },
    { directEndpoint: store.endpoint },
  );
  slug = (await postLink(app.baseUrl, { url: 'https://example.org/steady' })).json?.slug as string;
});
afterEach(() => {
  proxy.fault = 'pass';
});
afterAll(async () => {
  await app.stop();
  await proxy.close();
  await store.stop();
});

/** Sends `count` requests at once; resolves with each response and the time until the last one answered. */
async function burst(count: number, send: (index: number) => Promise<JsonResponse>) {
  const started = Date.now();
  const responses = await Promise.all(Array.from({ length: count }, (_, index) => send(index)));
  return { responses, elapsedMs: Date.now() - started };
}

function expectRetryable503(response: JsonResponse): void {
  expect({
    status: response.status,
    type: response.headers.get('content-type'),
    retryAfter: response.headers.get('retry-after'),
    problem: response.json?.type,
  }).toEqual({
    status: 503,
    type: 'application/problem+json',
    retryAfter: '1',
    problem: 'urn:shortlinks:problem:store-unavailable',
  });
}

/** Polls until the redirect works again; the time it took. */
async function recovery(): Promise<number> {
  const started = Date.now();
  for (;;) {
    if ((await call(app.baseUrl, `/${slug}`)).status === 302) return Date.now() - started;
    if (Date.now() - started > RECOVERED_WITHIN_MS) throw new Error('the service did not recover in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// First, while the SDK's retry quota is full (the faults below drain it for a while).
it('slow: a store slower than a normal answer but within the deadline still serves', async () => {
  proxy.fault = 'slow';
  proxy.slowMs = 100;
  const { responses } = await burst(20, () => call(app.baseUrl, `/${slug}`));
  expect(responses.map((response) => response.status)).toEqual(responses.map(() => 302));
});

it('black hole: more requests than the pool has sockets all get 503 by the deadline; then it serves again', async () => {
  proxy.fault = 'blackhole';
  // 200 redirects and 20 creates: more calls than the 128 pooled sockets, all stuck at once.
  const { responses, elapsedMs } = await burst(220, (index) =>
    index < 200 ? call(app.baseUrl, `/${slug}`) : postLink(app.baseUrl, { url: `https://example.org/hole/${index}` }),
  );
  for (const response of responses) expectRetryable503(response);
  expect(elapsedMs).toBeLessThan(ANSWERED_WITHIN_MS);
  expect(proxy.counts.blackhole).toBeGreaterThan(128);

  const ready = await call(app.baseUrl, '/readyz');
  expect(ready.status).toBe(503);
  expect(ready.json).toMatchObject({ type: 'urn:shortlinks:problem:store-unavailable' });
  // An outage is not a wedge: every task sees the same, and replacing them would not help.
  expect((await call(app.baseUrl, '/healthz')).status).toBe(200);

  // The stuck connections stay stuck (the proxy never answers them); the pool must not need them.
  proxy.fault = 'pass';
  expect(await recovery()).toBeLessThan(RECOVERED_WITHIN_MS);
  expect((await postLink(app.baseUrl, { url: 'https://example.org/after-the-hole' })).status).toBe(201);
  expect((await call(app.baseUrl, '/readyz')).status).toBe(200);
  expect((await call(app.baseUrl, '/healthz')).status).toBe(200);
});

it('reset: every request gets 503 at once, and the service recovers when the store does', async () => {
  proxy.fault = 'reset';
  const { responses, elapsedMs } = await burst(20, () => call(app.baseUrl, `/${slug}`));
  for (const response of responses) expectRetryable503(response);
  expect(elapsedMs).toBeLessThan(ANSWERED_WITHIN_MS);
  expect((await call(app.baseUrl, '/readyz')).status).toBe(503);
  proxy.fault = 'pass';
  expect(await recovery()).toBeLessThan(RECOVERED_WITHIN_MS);
});

it('slow beyond the deadline: 503 by the deadline, not a hang', async () => {
  proxy.fault = 'slow';
  proxy.slowMs = DEADLINE_MS * 2;
  const { responses, elapsedMs } = await burst(5, () => call(app.baseUrl, `/${slug}`));
  for (const response of responses) expectRetryable503(response);
  expect(elapsedMs).toBeLessThan(ANSWERED_WITHIN_MS);
  proxy.fault = 'pass';
  expect(await recovery()).toBeLessThan(RECOVERED_WITHIN_MS);
});

describe('a process whose store calls outlive their deadline (the bound itself broken)', () => {
  it('answers each request 503 by the deadline, and /healthz fails so that the task is replaced', async () => {
    // An SDK whose HTTP handler ignores every timeout and abort signal: the wedge that a socket pool without
    // request timeouts had, which no outage of DynamoDB itself can cause once calls are bounded.
    const wedgedClient = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: store.endpoint,
      requestHandler: { handle: () => new Promise(() => undefined) },
    });
    const table = new LinksTable(documentClient(wedgedClient), `wedged-${randomUUID()}`, {
      deadlineMs: 300,
      wedgeGraceMs: 5_000,
    });
    const logs: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'info', write: (line) => void logs.push(JSON.parse(line)) });
    const lifecycle = { draining: false };
    const koa = createApp({
      config: {
        publicBaseUrl: new URL(PUBLIC_BASE_URL),
        ownHostnames: [],
        redirectStatus: 302,
        redirectMaxAgeSeconds: 300,
      },
      links: new CachedLinkStore(new DynamoLinkStore(table, { retiredSlugDays: 30 }), { ttlMs: 0, maxEntries: 1 }),
      idempotency: new DynamoIdempotencyStore(table),
      readiness: dynamoReadinessProbe(table),
      wedgedForMs: () => table.wedgedForMs(),
      logger,
      lifecycle,
    }).callback();
    const running = await startServer(koa, { port: 0, host: '127.0.0.1', lifecycle, logger, shutdownTimeoutMs: 500 });
    const baseUrl = `http://127.0.0.1:${running.port}`;
    try {
      expect((await call(baseUrl, '/healthz')).status).toBe(200);
      expectRetryable503(await call(baseUrl, '/some-slug'));
      // Healthy while the stuck call is within its grace...
      expect((await call(baseUrl, '/healthz')).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      // ...and not once it is past it.
      const health = await call(baseUrl, '/healthz');
      expect({ status: health.status, type: health.json?.type, cache: health.headers.get('cache-control') }).toEqual({
        status: 503,
        type: 'urn:shortlinks:problem:wedged',
        cache: 'no-store',
      });
      expect(logs).toContainEqual(expect.objectContaining({ level: 'error', msg: expect.stringMatching(/unhealthy/) }));
    } finally {
      await running.shutdown();
      wedgedClient.destroy();
    }
  });
});
