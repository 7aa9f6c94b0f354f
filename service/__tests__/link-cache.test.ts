import { randomUUID } from 'node:crypto';
import type { Link } from '../src/links/link';
import { CachedLinkStore, REFRESH_AFTER } from '../src/store/cached-link-store';
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

/** The real store, counting the reads that reach it and those that have answered. */
function countingStore(): { store: DynamoLinkStore; reads: () => number; answered: () => number } {
  let reads = 0;
  let answered = 0;
  const store = Object.create(dynamo) as DynamoLinkStore;
  store.get = (slug: string) => {
    reads += 1;
    return dynamo.get(slug).finally(() => (answered += 1));
  };
  return { store, reads: () => reads, answered: () => answered };
}

/** Waits (up to 5 s) for what a background read changes. */
async function eventually(condition: () => boolean): Promise<void> {
  for (const started = Date.now(); !condition();) {
    if (Date.now() - started > 5_000) throw new Error('the background read never finished');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('one store read per slug at a time', () => {
  it('has concurrent readers of an uncached slug share one store read', async () => {
    const { store, reads } = countingStore();
    const cache = new CachedLinkStore(store, { ttlMs: 60_000, maxEntries: 10 });
    const link = await stored('herd');
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.get(link.slug)));
    expect(answers).toEqual(Array.from({ length: 50 }, () => link));
    expect(reads()).toBe(1);
  });

  it('renews a hot link in the background before it expires, so readers never wait for the store', async () => {
    let now = 1_000;
    const { store, reads, answered } = countingStore();
    const cache = new CachedLinkStore(store, { ttlMs: 5_000, maxEntries: 10, now: () => now });
    const link = await stored('hot-renewed');
    expect(await cache.get(link.slug)).toEqual(link);
    now += 5_000 * REFRESH_AFTER - 1;
    expect(cache.peek(link.slug)).toEqual(link);
    expect(reads()).toBe(1);
    now += 1;
    expect(cache.peek(link.slug)).toEqual(link); // served from the cache while the renewal runs
    expect(cache.peek(link.slug)).toEqual(link);
    await eventually(() => answered() === 2);
    expect(reads()).toBe(2); // one renewal, however many readers saw the entry age
    now += 5_000 - 1; // past the first read's TTL, within the renewal's
    expect(cache.peek(link.slug)).toEqual(link);
  });

  it('drops a link the background renewal no longer finds', async () => {
    let now = 1_000;
    const cache = new CachedLinkStore(dynamo, { ttlMs: 5_000, maxEntries: 10, now: () => now });
    const link = await stored('renewed-away');
    expect(await cache.get(link.slug)).toEqual(link);
    expect(await dynamo.retire(link.slug, TOKEN_HASH, Date.now())).toBe(true); // by another task
    now += 5_000 * REFRESH_AFTER;
    expect(cache.peek(link.slug)).toEqual(link);
    await eventually(() => cache.peek(link.slug) === undefined);
  });

  it('does not retry a failed renewal on every later read: the entry serves out its TTL', async () => {
    let now = 1_000;
    let reads = 0;
    let failing = false;
    const store = Object.create(dynamo) as DynamoLinkStore;
    store.get = async (slug: string) => {
      reads += 1;
      if (failing) throw new Error('store unavailable');
      return dynamo.get(slug);
    };
    const cache = new CachedLinkStore(store, { ttlMs: 5_000, maxEntries: 10, now: () => now });
    const link = await stored('renewal-fails');
    expect(await cache.get(link.slug)).toEqual(link);
    failing = true;
    now += 5_000 * REFRESH_AFTER;
    expect(cache.peek(link.slug)).toEqual(link);
    await eventually(() => reads === 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let step = 0; step < 10; step += 1) {
      now += 50;
      expect(cache.peek(link.slug)).toEqual(link);
    }
    expect(reads).toBe(2);
    now = 1_000 + 5_000;
    await expect(cache.get(link.slug)).rejects.toThrow('store unavailable');
  });

  it('starts a new read for readers that come after a delete through it', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    const store = Object.create(dynamo) as DynamoLinkStore;
    store.get = async (slug: string) => {
      reads += 1;
      const link = await dynamo.get(slug);
      if (reads === 1) await held; // the first read took its answer before the delete, and is slow to return it
      return link;
    };
    const cache = new CachedLinkStore(store, { ttlMs: 60_000, maxEntries: 10 });
    const link = await stored('read-then-deleted');
    const before = cache.get(link.slug);
    await eventually(() => reads === 1);
    expect(await cache.retire(link.slug, TOKEN_HASH, Date.now())).toBe(true);
    expect(await cache.get(link.slug)).toBeUndefined(); // not the answer of the read still in flight
    release();
    expect(await before).toEqual(link);
    expect(await cache.get(link.slug)).toBeUndefined(); // and that read did not cache the deleted link
  });
});
