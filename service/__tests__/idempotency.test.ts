import { randomUUID } from 'node:crypto';
import { secretHash } from '../src/links/link-secrets';
import { LINKS_TABLE } from '../src/table-schema';
import { startDynalite, type RunningDynalite } from './helpers/dynalite';
import { operationOf, startFaultProxy, type FaultProxy } from './helpers/fault-proxy';
import { call, postLink, startTestService, type JsonResponse, type TestService } from './helpers/service';

const PK = LINKS_TABLE.partitionKey.name;

jest.setTimeout(60_000);

let store: RunningDynalite;
let proxy: FaultProxy;
let app: TestService;

beforeAll(async () => {
  store = await startDynalite();
  proxy = await startFaultProxy(store.port);
  // A short deadline, so that a lost answer costs this test seconds (but no healthy call on a busy machine
  // misses it); no link cache, so every read asks the table.
  app = await startTestService(
    proxy.endpoint,
    { DYNAMODB_TIMEOUT_MS: '6000', LINK_CACHE_TTL_MS: '0' },
    { directEndpoint: store.endpoint },
  );
});
afterEach(() => {
  proxy.rule = undefined;
  proxy.fault = 'pass';
});
afterAll(async () => {
  await app.stop();
  await proxy.close();
  await store.stop();
});

const linkItems = async () => (await app.items()).filter((item) => !String(item[PK]).startsWith('idem#'));

/** Which write of a create a raw request is: the key's record, the link, or the record's completion. */
function writeOf(request: string): 'record' | 'link' | 'complete' | undefined {
  const operation = operationOf(request);
  if (operation === 'PutItem') return request.includes('"idem#') ? 'record' : 'link';
  if (operation === 'UpdateItem' && request.includes('"idem#')) return 'complete';
  return undefined;
}

describe('Idempotency-Key over HTTP', () => {
  it('a retried POST returns the same link and token, marked as a replay, and creates nothing more', async () => {
    const key = randomUUID();
    const first = await postLink(app.baseUrl, { url: 'https://example.org/once' }, { 'idempotency-key': key });
    const countAfterFirst = await app.itemCount();
    const retry = await postLink(app.baseUrl, { url: 'https://example.org/once' }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(first.json?.managementToken).toEqual(expect.any(String));
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await app.itemCount()).toBe(countAfterFirst);
  });

  it('keeps its record under idem#<hash of the key>: neither the key nor the token is stored', async () => {
    const key = randomUUID();
    const created = await postLink(app.baseUrl, { url: 'https://example.org/recorded' }, { 'idempotency-key': key });
    const items = await app.items();
    const record = items.find((item) => item[PK] === `idem#${secretHash(key)}`);
    expect(record).toMatchObject({ link: { slug: created.json?.slug, url: 'https://example.org/recorded' } });
    expect(record?.[LINKS_TABLE.ttlAttribute]).toBeGreaterThan(Date.now() / 1000);
    const everything = JSON.stringify(items);
    expect(everything).not.toContain(key);
    expect(everything).not.toContain(created.json?.managementToken as string);
  });

  it('the same key with another body is refused with 422', async () => {
    const key = randomUUID();
    await postLink(app.baseUrl, { url: 'https://example.org/one' }, { 'idempotency-key': key });
    const other = await postLink(app.baseUrl, { url: 'https://example.org/two' }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.json).toMatchObject({ type: 'urn:shortlinks:problem:idempotency-key-reused' });
  });

  it('concurrent requests with one key create one link, and all that succeed return it with one token', async () => {
    const key = randomUUID();
    const before = (await linkItems()).length;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        postLink(app.baseUrl, { url: 'https://example.org/race' }, { 'idempotency-key': key }),
      ),
    );
    const created = responses.filter((response) => response.status === 201);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created.map((response) => response.json?.slug)).size).toBe(1);
    expect(new Set(created.map((response) => response.json?.managementToken)).size).toBe(1);
    for (const response of responses.filter((candidate) => candidate.status !== 201)) {
      expect(response.status).toBe(409);
      expect(response.headers.get('retry-after')).toBe('1');
    }
    expect((await linkItems()).length).toBe(before + 1);
  });

  it('a custom slug held by another link gives 409 and frees the key for another request', async () => {
    const key = randomUUID();
    await postLink(app.baseUrl, { url: 'https://example.org/', slug: 'occupied' });
    const attempt = () =>
      postLink(app.baseUrl, { url: 'https://example.org/', slug: 'occupied' }, { 'idempotency-key': key });
    expect((await attempt()).status).toBe(409);
    expect((await attempt()).status).toBe(409);
    const other = await postLink(
      app.baseUrl,
      { url: 'https://example.org/', slug: 'unoccupied' },
      { 'idempotency-key': key },
    );
    expect(other.status).toBe(201);
  });
});

describe('exactly one link per key when a single write of the create fails', () => {
  const cases: [string, 'record' | 'link' | 'complete', 'reset' | 'lose-answer', string | undefined][] = [
    ['the record write is refused', 'record', 'reset', undefined],
    ['the link write is refused', 'link', 'reset', undefined],
    ['the link write is applied but its answer is lost', 'link', 'lose-answer', undefined],
    ['the link write with a custom slug is applied but its answer is lost', 'link', 'lose-answer', 'own-slug'],
    ['the completion is applied but its answer is lost', 'complete', 'lose-answer', undefined],
    ['the completion is refused', 'complete', 'reset', undefined],
  ];

  it.each(cases)('%s: 503, then the retry returns the one link', async (_name, write, fault, slug) => {
    const key = randomUUID();
    const body = { url: `https://example.org/${key}`, ...(slug === undefined ? {} : { slug }) };
    const before = (await linkItems()).length;

    // Every attempt the SDK makes at that write fails, so the request fails as a whole.
    proxy.rule = (request) => (writeOf(request) === write ? fault : undefined);
    const failed = await postLink(app.baseUrl, body, { 'idempotency-key': key });
    proxy.rule = undefined;
    expectStoreUnavailable(failed);

    const retry = await postLink(app.baseUrl, body, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    const replay = await postLink(app.baseUrl, body, { 'idempotency-key': key });
    expect(replay.status).toBe(201);
    expect(replay.json).toEqual(retry.json);

    const links = (await linkItems()).filter((item) => item.url === body.url);
    expect(links).toHaveLength(1);
    expect(links[0][PK]).toBe(retry.json?.slug);
    expect((await linkItems()).length).toBe(before + 1);
    const followed = await call(app.baseUrl, `/${retry.json?.slug}`);
    expect(followed.headers.get('location')).toBe(body.url);
  });
});

function expectStoreUnavailable(response: JsonResponse): void {
  expect({
    status: response.status,
    type: response.json?.type,
    retryAfter: response.headers.get('retry-after'),
  }).toEqual({ status: 503, type: 'urn:shortlinks:problem:store-unavailable', retryAfter: '1' });
}
