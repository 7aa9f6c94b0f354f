import { randomUUID } from 'node:crypto';
import type { Link } from '../src/links/link';
import { CachedLinkStore } from '../src/store/cached-link-store';
import { ensureTable } from '../src/store/create-table';
import { createDynamoClient, documentClient } from '../src/store/dynamo-client';
import { DynamoLinkStore } from '../src/store/dynamo-link-store';
import { startDynalite, type RunningDynalite } from './helpers/dynalite';
import './helpers/service';

let store: RunningDynalite;
let dynamo: DynamoLinkStore;
let destroy: () => void;

beforeAll(async () => {
  store = await startDynalite();
  const client = createDynamoClient({ region: 'us-east-1', endpoint: store.endpoint });
  const tableName = `cache-${randomUUID()}`;
  await ensureTable(client, tableName);
  dynamo = new DynamoLinkStore(documentClient(client), tableName);
  destroy = () => client.destroy();
});
afterAll(async () => {
  destroy();
  await store.stop();
});

async function stored(slug: string): Promise<Link> {
  const link = { slug, url: `https://example.org/${slug}`, createdAt: new Date().toISOString() };
  expect(await dynamo.putIfAbsent(link, Date.now())).toBe(true);
  return link;
}

it('serves a link deleted by another task for at most the TTL', async () => {
  let now = 1_000;
  const cache = new CachedLinkStore(dynamo, { ttlMs: 5_000, maxEntries: 10, now: () => now });
  const link = await stored('stale-elsewhere');
  expect(await cache.get(link.slug)).toEqual(link);
  await dynamo.delete(link.slug); // another process, which has its own cache
  now += 4_999;
  expect(await cache.get(link.slug)).toEqual(link);
  now += 1;
  expect(await cache.get(link.slug)).toBeUndefined();
});

it('forgets a link deleted through it at once', async () => {
  const cache = new CachedLinkStore(dynamo, { ttlMs: 60_000, maxEntries: 10 });
  const link = await stored('deleted-here');
  expect(await cache.get(link.slug)).toEqual(link);
  expect(await cache.delete(link.slug)).toEqual(link);
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
  await dynamo.delete(link.slug);
  expect(await cache.get(link.slug)).toBeUndefined();
});

it('holds at most maxEntries, dropping the oldest first', async () => {
  const cache = new CachedLinkStore(dynamo, { ttlMs: 60_000, maxEntries: 2 });
  const [first, second, third] = [await stored('bounded-1'), await stored('bounded-2'), await stored('bounded-3')];
  for (const link of [first, second, third]) await cache.get(link.slug);
  for (const link of [first, second, third]) await dynamo.delete(link.slug);
  expect(await cache.get(first.slug)).toBeUndefined();
  expect(await cache.get(second.slug)).toEqual(second);
  expect(await cache.get(third.slug)).toEqual(third);
});
