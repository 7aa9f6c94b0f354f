import { randomUUID } from 'node:crypto';
import type { Link } from '../src/links/link';
import { CachedLinkStore } from '../src/store/cached-link-store';
import { ensureTable } from '../src/store/create-table';
import { DynamoLinkStore } from '../src/store/dynamo-link-store';
import { startDynalite, type RunningDynalite } from './helpers/dynalite';
import { linksTable } from './helpers/service';

let store: RunningDynalite;
let dynamo: DynamoLinkStore;
let destroy: () => void;

beforeAll(async () => {
  store = await startDynalite();
  const { table, client, destroy: stop } = linksTable(store.endpoint, `cache-${randomUUID()}`);
  await ensureTable(client, table.tableName);
  dynamo = new DynamoLinkStore(table, { retiredSlugDays: 30 });
  destroy = stop;
});
afterAll(async () => {
  destroy();
  await store.stop();
});

const TOKEN_HASH = 'hash-of-the-token';

async function stored(slug: string): Promise<Link> {
  const link = { slug, url: `https://example.org/${slug}`, createdAt: new Date().toISOString(), tokenHash: TOKEN_HASH };
  expect(await dynamo.putIfAbsent(link, Date.now())).toBe(true);
  return link;
}

it('serves a link deleted by another task for at most the TTL', async () => {
  let now = 1_000;
  const cache = new CachedLinkStore(dynamo, { ttlMs: 5_000, maxEntries: 10, now: () => now });
  const link = await stored('stale-elsewhere');
  expect(await cache.get(link.slug)).toEqual(link);
  expect(await dynamo.retire(link.slug, TOKEN_HASH, Date.now())).toBe(true); // another process, which has its own cache
  now += 4_999;
  expect(await cache.get(link.slug)).toEqual(link);
  now += 1;
  expect(await cache.get(link.slug)).toBeUndefined();
});

it('forgets a link deleted through it at once', async () => {
  const cache = new CachedLinkStore(dynamo, { ttlMs: 60_000, maxEntries: 10 });
  const link = await stored('deleted-here');
  expect(await cache.get(link.slug)).toEqual(link);
  expect(await cache.retire(link.slug, TOKEN_HASH, Date.now())).toBe(true);
  expect(await cache.get(link.slug)).toBeUndefined();
});

it('does not cache misses, so a link created elsewhere is seen at once', async () => {
  const cache = new CachedLinkStore(dynamo, { ttlMs: 60_000, maxEntries: 10 });
  expect(await cache.get('created-later')).toBeUndefined();
  const link = await stored('created-later');
  expect(await cache.get(link.slug)).toEqual(link);
});

it('with a TTL of 0 reads through every time', async () => {
  const cache = new CachedLinkStore(dynamo, { ttlMs: 0, maxEntries: 10 });
  const link = await stored('no-cache');
  expect(await cache.get(link.slug)).toEqual(link);
  expect(await dynamo.retire(link.slug, TOKEN_HASH, Date.now())).toBe(true);
  expect(await cache.get(link.slug)).toBeUndefined();
});

it('holds at most maxEntries, dropping the oldest first', async () => {
  const cache = new CachedLinkStore(dynamo, { ttlMs: 60_000, maxEntries: 2 });
  const [first, second, third] = [await stored('bounded-1'), await stored('bounded-2'), await stored('bounded-3')];
  for (const link of [first, second, third]) await cache.get(link.slug);
  for (const link of [first, second, third]) expect(await dynamo.retire(link.slug, TOKEN_HASH, Date.now())).toBe(true);
  expect(await cache.get(first.slug)).toBeUndefined();
  expect(await cache.get(second.slug)).toEqual(second);
  expect(await cache.get(third.slug)).toEqual(third);
});
