import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHotRedirect } from '../src/hot-redirect';
import type { Lifecycle } from '../src/lifecycle';
import { createLogger } from '../src/logger';
import { CachedLinkStore } from '../src/store/cached-link-store';
import { ensureTable } from '../src/store/create-table';
import { DynamoLinkStore } from '../src/store/dynamo-link-store';
import { startDynalite, type RunningDynalite } from './helpers/dynalite';
import { call, linksTable, postLink, startTestService } from './helpers/service';

let store: RunningDynalite;
beforeAll(async () => (store = await startDynalite()));
afterAll(() => store.stop());

const comparable = (headers: Headers) =>
  Object.fromEntries([...headers].filter(([name]) => name !== 'x-request-id' && name !== 'date'));

it('a cached redirect (answered before Koa) is the same response as the first one (answered by Koa)', async () => {
  const app = await startTestService(store.endpoint);
  try {
    const created = await postLink(app.baseUrl, { url: 'https://example.org/same', expiresAt: '2099-01-01T00:00:00Z' });
    const first = await call(app.baseUrl, `/${created.json?.slug}`);
    const second = await call(app.baseUrl, `/${created.json?.slug}`);
    expect(second.status).toBe(first.status);
    expect(comparable(second.headers)).toEqual(comparable(first.headers));
    expect(comparable(first.headers)).toMatchObject({ location: 'https://example.org/same', 'content-length': '0' });
    const lines = app.logs.filter((line) => line.msg === 'request' && line.path === `/${created.json?.slug}`);
    expect(lines).toHaveLength(2);
  } finally {
    await app.stop();
  }
});

describe('the hot path alone, over a real cache and store', () => {
  let server: Server;
  let baseUrl: string;
  let links: CachedLinkStore;
  let now = Math.floor(Date.now() / 1000) * 1000; // whole seconds, so the expected max-age is exact
  const lifecycle: Lifecycle = { draining: false };
  const logs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const { table, client } = linksTable(store.endpoint, `hot-${randomUUID()}`);
    await ensureTable(client, table.tableName);
    links = new CachedLinkStore(new DynamoLinkStore(table, { retiredSlugDays: 30 }), {
      ttlMs: 60_000,
      maxEntries: 10,
      now: () => now,
    });
    const logger = createLogger({ level: 'info', write: (line) => void logs.push(JSON.parse(line)) });
    const hot = createHotRedirect({
      cache: links,
      config: { redirectStatus: 301, redirectMaxAgeSeconds: 120 },
      logger,
      lifecycle,
      now: () => now,
    });
    // Whatever the hot path declines reaches this fallback, as it would reach Koa.
    server = createServer((req, res) => hot(req, res) || res.writeHead(599).end('fallback'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const [slug, expiresAt] of [
      ['hot-one', undefined],
      ['hot-expiring', Math.floor(now / 1000) + 30],
    ] as const) {
      await links.putIfAbsent(
        { slug, url: `https://example.org/${slug}`, createdAt: new Date(now).toISOString(), expiresAt },
        now,
      );
    }
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('declines a link it has not cached, then answers it once the cache holds it', async () => {
    expect((await call(baseUrl, '/hot-one')).status).toBe(599);
    await links.get('hot-one');
    const response = await call(baseUrl, '/hot-one', { headers: { 'x-request-id': 'hot-42' } });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('https://example.org/hot-one');
    expect(response.headers.get('cache-control')).toBe('public, max-age=120');
    expect(response.headers.get('x-request-id')).toBe('hot-42');
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: 'request', requestId: 'hot-42', method: 'GET', path: '/hot-one', status: 301 }),
    );
    expect((await call(baseUrl, '/hot-one', { method: 'HEAD' })).status).toBe(301);
  });

  it('declines other methods, query strings and other paths', async () => {
    await links.get('hot-one');
    for (const [path, method] of [
      ['/hot-one', 'POST'],
      ['/hot-one', 'DELETE'],
      ['/hot-one?x=1', 'GET'],
      ['/api/links/hot-one', 'GET'],
      ['/hot-one/', 'GET'],
    ]) {
      expect({ path, method, status: (await call(baseUrl, path, { method })).status }).toEqual({
        path,
        method,
        status: 599,
      });
    }
  });

  it('caps max-age by the expiry, and declines the link once it has expired', async () => {
    await links.get('hot-expiring');
    expect((await call(baseUrl, '/hot-expiring')).headers.get('cache-control')).toBe('public, max-age=30');
    now += 30_000;
    expect((await call(baseUrl, '/hot-expiring')).status).toBe(599);
  });

  it('asks the client to close the connection once the server is draining', async () => {
    await links.get('hot-one');
    lifecycle.draining = true;
    const response = await call(baseUrl, '/hot-one');
    lifecycle.draining = false;
    expect(response.status).toBe(301);
    expect(response.headers.get('connection')).toBe('close');
  });
});
