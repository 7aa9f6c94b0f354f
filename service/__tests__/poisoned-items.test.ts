import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHotRedirect } from '../src/hot-redirect';
import { createLogger } from '../src/logger';
import { CachedLinkStore } from '../src/store/cached-link-store';
import { DynamoLinkStore } from '../src/store/dynamo-link-store';
import { StoredItemInvalidError } from '../src/store/store-errors';
import { LINKS_TABLE } from '../src/table-schema';
import { call, linksTable, postLink, useTestService } from './helpers/service';

// A long link cache, so a link that reached the cache would be served by the hot path on the next request.
const app = useTestService({ LINK_CACHE_TTL_MS: '60000' });
const PK = LINKS_TABLE.partitionKey.name;
const createdAt = '2030-01-01T00:00:00.000Z';

/** Items no version of this service writes, as a console edit, a migration or another writer might. */
const POISONED: [string, Record<string, unknown>][] = [
  ['poison-crlf', { url: 'https://example.org/\r\nSet-Cookie: session=stolen', createdAt }],
  ['poison-nul', { url: 'https://example.org/\u0000', createdAt }],
  ['poison-unicode', { url: 'https://example.org/ünicode path', createdAt }],
  ['poison-scheme', { url: 'javascript:alert(1)', createdAt }],
  ['poison-number', { url: 42, createdAt }],
  ['poison-missing', { createdAt }],
  ['poison-date', { url: 'https://example.org/', createdAt: 'yesterday' }],
  ['poison-expiry', { url: 'https://example.org/', createdAt, expiresAt: 'soon' }],
];

beforeAll(async () => {
  for (const [slug, fields] of POISONED) await app().putRaw({ [PK]: slug, ...fields });
});

describe.each(POISONED)('%s', (slug) => {
  it('the redirect answers 500 problem+json, twice (never cached, never the hot path), and logs the slug', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await call(app().baseUrl, `/${slug}`);
      expect({
        status: response.status,
        type: response.headers.get('content-type'),
        problem: response.json?.type,
        location: response.headers.get('location'),
        cookie: response.headers.get('set-cookie'),
      }).toEqual({
        status: 500,
        type: 'application/problem+json',
        problem: 'urn:shortlinks:problem:stored-link-invalid',
        location: null,
        cookie: null,
      });
    }
    expect(app().logs).toContainEqual(expect.objectContaining({ level: 'error', msg: 'stored item invalid', slug }));
  });

  it('the metadata route answers 500 problem+json, and the process keeps serving', async () => {
    const response = await call(app().baseUrl, `/api/links/${slug}`);
    expect({ status: response.status, problem: response.json?.type }).toEqual({
      status: 500,
      problem: 'urn:shortlinks:problem:stored-link-invalid',
    });
    const healthy = await postLink(app().baseUrl, { url: 'https://example.org/still-fine' });
    expect(healthy.status).toBe(201);
    expect((await call(app().baseUrl, `/${healthy.json?.slug}`)).status).toBe(302);
  });
});

it('the hot path alone: a poisoned item never reaches the cache it answers from', async () => {
  const { table, destroy } = linksTable(app().config.dynamodbEndpoint as string, app().config.tableName);
  const cache = new CachedLinkStore(new DynamoLinkStore(table, { retiredSlugDays: 30 }), {
    ttlMs: 60_000,
    maxEntries: 10,
  });
  const hot = createHotRedirect({
    cache,
    config: { redirectStatus: 302, redirectMaxAgeSeconds: 60 },
    logger: createLogger({ level: 'error', write: () => undefined }),
    lifecycle: { draining: false },
  });
  const server: Server = createServer((req, res) => hot(req, res) || res.writeHead(599).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    for (const [slug] of POISONED) {
      await expect(cache.get(slug)).rejects.toBeInstanceOf(StoredItemInvalidError);
      expect(cache.peek(slug)).toBeUndefined();
      expect((await call(baseUrl, `/${slug}`)).status).toBe(599);
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
    destroy();
  }
});

it('a link item from before `expiresAt` had its own attribute still expires at its TTL', async () => {
  const nowSeconds = Math.floor(Date.now() / 1000);
  await app().putRaw({
    [PK]: 'legacy-expired',
    url: 'https://example.org/old',
    createdAt,
    [LINKS_TABLE.ttlAttribute]: nowSeconds - 60,
  });
  await app().putRaw({
    [PK]: 'legacy-live',
    url: 'https://example.org/old',
    createdAt,
    [LINKS_TABLE.ttlAttribute]: nowSeconds + 3_600,
  });
  expect((await call(app().baseUrl, '/legacy-expired')).status).toBe(404);
  expect((await call(app().baseUrl, '/legacy-live')).status).toBe(302);
});
