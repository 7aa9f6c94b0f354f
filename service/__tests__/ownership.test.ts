import { randomUUID } from 'node:crypto';
import { secretHash } from '../src/links/link-secrets';
import { LINKS_TABLE } from '../src/table-schema';
import { startDynalite, type RunningDynalite } from './helpers/dynalite';
import { call, postLink, startTestService, useTestService, type JsonResponse } from './helpers/service';

const app = useTestService();
const DAY_SECONDS = 86_400;
const PK = LINKS_TABLE.partitionKey.name;
const TTL = LINKS_TABLE.ttlAttribute;

const remove = (slug: string, authorization?: string) =>
  call(app().baseUrl, `/api/links/${slug}`, {
    method: 'DELETE',
    ...(authorization === undefined ? {} : { headers: { authorization } }),
  });

function expectProblem(response: JsonResponse, status: number, type: string): void {
  expect({
    status: response.status,
    contentType: response.headers.get('content-type'),
    type: response.json?.type,
  }).toEqual({ status, contentType: 'application/problem+json', type: `urn:shortlinks:problem:${type}` });
}

describe('management token', () => {
  it('comes only in the 201: 256 random bits, never in reads, logs or the table (only its hash is stored)', async () => {
    const created = await postLink(app().baseUrl, { url: 'https://example.org/owned' });
    const token = created.json?.managementToken as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // base64url of 32 bytes
    const other = await postLink(app().baseUrl, { url: 'https://example.org/owned' });
    expect(other.json?.managementToken).not.toBe(token);

    const read = await call(app().baseUrl, `/api/links/${created.json?.slug}`);
    expect(read.text).not.toContain(token);
    await remove(created.json?.slug as string, `Bearer ${token}`);
    expect(JSON.stringify(app().logs)).not.toContain(token);

    const items = await app().items();
    const everything = JSON.stringify(items);
    expect(everything).not.toContain(token);
    const otherItem = items.find((item) => item[PK] === other.json?.slug);
    expect(otherItem?.tokenHash).toBe(secretHash(other.json?.managementToken as string));
  });

  it('DELETE without a token is 401 with a Bearer challenge; a malformed one too', async () => {
    const created = await postLink(app().baseUrl, { url: 'https://example.org/guarded' });
    const slug = created.json?.slug as string;
    const none = await remove(slug);
    expectProblem(none, 401, 'management-token-missing');
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="shortlinks"');
    const basic = await remove(slug, 'Basic dXNlcjpwYXNz');
    expectProblem(basic, 401, 'management-token-missing');
    expect(basic.headers.get('www-authenticate')).toMatch(/^Bearer realm="shortlinks", error="invalid_request"$/);
    expect((await call(app().baseUrl, `/${slug}`)).status).toBe(302);
  });

  it("DELETE with a wrong token, or another link's, is 403 and deletes nothing; the right one is 204", async () => {
    const victim = await postLink(app().baseUrl, { url: 'https://example.org/victim', slug: 'victim-launch' });
    const attacker = await postLink(app().baseUrl, { url: 'https://phishing.example/' });
    expectProblem(await remove('victim-launch', 'Bearer not-the-token'), 403, 'management-token-wrong');
    expectProblem(
      await remove('victim-launch', `Bearer ${attacker.json?.managementToken}`),
      403,
      'management-token-wrong',
    );
    expect((await call(app().baseUrl, '/victim-launch')).headers.get('location')).toBe('https://example.org/victim');

    expect((await remove('victim-launch', `bearer ${victim.json?.managementToken}`)).status).toBe(204);
    expect((await call(app().baseUrl, '/victim-launch')).status).toBe(404);
  });

  it('an idempotent replay returns the same token, which deletes the link', async () => {
    const key = randomUUID();
    const first = await postLink(app().baseUrl, { url: 'https://example.org/replayed' }, { 'idempotency-key': key });
    const replay = await postLink(app().baseUrl, { url: 'https://example.org/replayed' }, { 'idempotency-key': key });
    expect(replay.json?.managementToken).toBe(first.json?.managementToken);
    const otherKey = await postLink(
      app().baseUrl,
      { url: 'https://example.org/replayed' },
      { 'idempotency-key': randomUUID() },
    );
    expect(otherKey.json?.managementToken).not.toBe(first.json?.managementToken);
    expect((await remove(first.json?.slug as string, `Bearer ${replay.json?.managementToken}`)).status).toBe(204);
  });
});

describe('retired slugs', () => {
  it('a deleted slug cannot be taken over: 409 slug-retired that says until when', async () => {
    const created = await postLink(app().baseUrl, { url: 'https://example.org/launch', slug: 'launch-2030' });
    const deletedAt = Date.now();
    expect((await remove('launch-2030', `Bearer ${created.json?.managementToken}`)).status).toBe(204);
    const takeover = await postLink(app().baseUrl, { url: 'https://phishing.example/', slug: 'launch-2030' });
    expectProblem(takeover, 409, 'slug-retired');
    const until = /retired until (\S+?),/.exec(String(takeover.json?.detail))?.[1] ?? '';
    const retiredForDays = (Date.parse(until) - deletedAt) / 1000 / DAY_SECONDS;
    expect(retiredForDays).toBeGreaterThan(29.9);
    expect(retiredForDays).toBeLessThan(30.1);
    // The tombstone keeps nothing of the link, and DynamoDB TTL removes it only when the retirement ends.
    const tombstone = (await app().items()).find((item) => item[PK] === 'launch-2030');
    expect(tombstone).toEqual({ [PK]: 'launch-2030', retiredAt: expect.any(Number), [TTL]: expect.any(Number) });
    expect(Number(tombstone?.[TTL]) * 1000).toBe(Date.parse(until));
  });

  it('an expiring link keeps its slug until 30 days after its expiry: TTL cleanup cannot free it early', async () => {
    const expiresAt = '2031-05-01T00:00:00Z';
    await postLink(app().baseUrl, { url: 'https://example.org/campaign', slug: 'campaign-may', expiresAt });
    const item = (await app().items()).find((candidate) => candidate[PK] === 'campaign-may');
    expect(item?.expiresAt).toBe(Date.parse(expiresAt) / 1000);
    expect(item?.[TTL]).toBe(Date.parse(expiresAt) / 1000 + 30 * DAY_SECONDS);
  });

  it('an expired slug is retired too', async () => {
    const created = await postLink(app().baseUrl, {
      url: 'https://example.org/brief',
      expiresAt: new Date(Date.now() + 1_100).toISOString(),
    });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const again = await postLink(app().baseUrl, { url: 'https://example.org/again', slug: created.json?.slug });
    expectProblem(again, 409, 'slug-retired');
    // The owner cannot delete an expired link either: it is gone already.
    expect((await remove(created.json?.slug as string, `Bearer ${created.json?.managementToken}`)).status).toBe(404);
  });

  it('the retirement is configurable: with RETIRED_SLUG_DAYS=0 a deleted slug is free at once', async () => {
    const store: RunningDynalite = await startDynalite();
    const quick = await startTestService(store.endpoint, { RETIRED_SLUG_DAYS: '0' });
    try {
      const created = await postLink(quick.baseUrl, { url: 'https://example.org/', slug: 'short-lived' });
      await call(quick.baseUrl, '/api/links/short-lived', {
        method: 'DELETE',
        headers: { authorization: `Bearer ${created.json?.managementToken}` },
      });
      expect((await postLink(quick.baseUrl, { url: 'https://example.org/', slug: 'short-lived' })).status).toBe(201);
    } finally {
      await quick.stop();
      await store.stop();
    }
  });
});
