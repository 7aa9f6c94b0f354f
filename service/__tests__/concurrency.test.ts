import { call, postLink, useTestService } from './helpers/service';

const app = useTestService();

// 600 requests and 900 store calls: seconds on an idle machine, much longer beside CPU burners. Bounded, not tight.
jest.setTimeout(120_000);

it('300 concurrent creates all succeed with distinct slugs, each resolving to its own URL', async () => {
  const urls = Array.from({ length: 300 }, (_, index) => `https://example.org/page/${index}`);
  const created = await Promise.all(urls.map((url) => postLink(app().baseUrl, { url })));
  expect(created.map((response) => response.status)).toEqual(urls.map(() => 201));
  const slugs = created.map((response) => response.json?.slug as string);
  expect(new Set(slugs).size).toBe(300);
  const targets = await Promise.all(
    slugs.map(async (slug) => (await call(app().baseUrl, `/${slug}`)).headers.get('location')),
  );
  expect(targets).toEqual(urls);
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
