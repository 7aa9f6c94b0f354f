import { call, postLink, useTestService } from './helpers/service';

// The longest store deadline there is: under test here is what concurrent creates do to each other, not how fast
// a store that shares two cores with CPU burners answers 300 calls at once.
const app = useTestService({ DYNAMODB_TIMEOUT_MS: '60000' });

// 600 requests and 900 store calls: seconds on an idle machine, much longer beside CPU burners. Bounded, not tight.
jest.setTimeout(180_000);

/** Runs `task` over `items`, `width` at a time: the check after the burst need not be a burst of its own. */
async function inBatches<T, R>(items: readonly T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += width) {
    results.push(...(await Promise.all(items.slice(start, start + width).map(task))));
  }
  return results;
}

it('300 concurrent creates all succeed with distinct slugs, each resolving to its own URL', async () => {
  const urls = Array.from({ length: 300 }, (_, index) => `https://example.org/page/${index}`);
  const created = await Promise.all(urls.map((url) => postLink(app().baseUrl, { url })));
  expect(created.map((response) => response.status)).toEqual(urls.map(() => 201));
  const slugs = created.map((response) => response.json?.slug as string);
  expect(new Set(slugs).size).toBe(300);
  const redirects = await inBatches(slugs, 20, async (slug) => {
    const response = await call(app().baseUrl, `/${slug}`);
    return [response.status, response.headers.get('location')];
  });
  expect(redirects).toEqual(urls.map((url) => [302, url]));
  expect(await app().itemCount()).toBe(300);
});

it('concurrent creates of one custom slug: exactly one wins, the others get 409 and change nothing', async () => {
  const contenders = Array.from({ length: 20 }, (_, index) => `https://contender.example/${index}`);
  const responses = await Promise.all(contenders.map((url) => postLink(app().baseUrl, { url, slug: 'contested' })));
  const winners = responses.filter((response) => response.status === 201);
  expect(winners).toHaveLength(1);
  expect(responses.filter((response) => response.status === 409)).toHaveLength(19);
  const target = (await call(app().baseUrl, '/contested')).headers.get('location');
  expect(target).toBe(winners[0].json?.url);
});
