import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createIdempotently, IDEMPOTENCY_LEASE_MS } from '../src/links/idempotent-create';
import type { Link } from '../src/links/link';
import { Problem } from '../src/problem';
import { createDynamoClient, documentClient } from '../src/store/dynamo-client';
import { DynamoIdempotencyStore } from '../src/store/dynamo-idempotency-store';
import { LINKS_TABLE } from '../src/table-schema';
import { postLink, useTestService } from './helpers/service';

const app = useTestService();

describe('Idempotency-Key over HTTP', () => {
  it('a retried POST returns the same link, marked as a replay, and creates nothing more', async () => {
    const key = randomUUID();
    const first = await postLink(app().baseUrl, { url: 'https://example.org/once' }, { 'idempotency-key': key });
    const countAfterFirst = await app().itemCount();
    const retry = await postLink(app().baseUrl, { url: 'https://example.org/once' }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await app().itemCount()).toBe(countAfterFirst);
  });

  it('keeps its record in the links table under idem#<key>, where no slug can be', async () => {
    const key = randomUUID();
    const created = await postLink(app().baseUrl, { url: 'https://example.org/recorded' }, { 'idempotency-key': key });
    const client = createDynamoClient({ region: 'us-east-1', endpoint: app().config.dynamodbEndpoint });
    const { Item } = await documentClient(client).send(
      new GetCommand({ TableName: app().config.tableName, Key: { [LINKS_TABLE.partitionKey.name]: `idem#${key}` } }),
    );
    client.destroy();
    expect(Item).toMatchObject({ link: { slug: created.json?.slug, url: 'https://example.org/recorded' } });
    expect(Item?.[LINKS_TABLE.ttlAttribute]).toBeGreaterThan(Date.now() / 1000);
  });

  it('the same key with another body is refused with 422', async () => {
    const key = randomUUID();
    await postLink(app().baseUrl, { url: 'https://example.org/one' }, { 'idempotency-key': key });
    const other = await postLink(app().baseUrl, { url: 'https://example.org/two' }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.json).toMatchObject({ type: 'urn:shortlinks:problem:idempotency-key-reused' });
  });

  it('concurrent requests with one key create one link: the others replay it or are told to retry', async () => {
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        postLink(app().baseUrl, { url: 'https://example.org/race' }, { 'idempotency-key': key }),
      ),
    );
    const created = responses.filter((response) => response.status === 201);
    const slugs = new Set(created.map((response) => response.json?.slug));
    expect(slugs.size).toBe(1);
    for (const response of responses.filter((candidate) => candidate.status !== 201)) {
      expect(response.status).toBe(409);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.json).toMatchObject({ type: 'urn:shortlinks:problem:idempotency-key-in-progress' });
    }
    const retry = await postLink(app().baseUrl, { url: 'https://example.org/race' }, { 'idempotency-key': key });
    expect(retry.json?.slug).toBe([...slugs][0]);
  });

  it('a failed attempt frees its key: a taken custom slug gives 409 again, then a free one succeeds', async () => {
    const key = randomUUID();
    await postLink(app().baseUrl, { url: 'https://example.org/', slug: 'occupied' });
    expect(
      (await postLink(app().baseUrl, { url: 'https://example.org/', slug: 'occupied' }, { 'idempotency-key': key }))
        .status,
    ).toBe(409);
    expect(
      (await postLink(app().baseUrl, { url: 'https://example.org/', slug: 'occupied' }, { 'idempotency-key': key }))
        .status,
    ).toBe(409);
    // The key now belongs to nothing, so a different request may use it.
    expect(
      (await postLink(app().baseUrl, { url: 'https://example.org/', slug: 'unoccupied' }, { 'idempotency-key': key }))
        .status,
    ).toBe(201);
  });
});

describe('claims against the real store', () => {
  const idempotency = () => {
    const client = createDynamoClient({ region: 'us-east-1', endpoint: app().config.dynamodbEndpoint });
    return { client, store: new DynamoIdempotencyStore(documentClient(client), app().config.tableName) };
  };
  const link = (slug: string): Link => ({ slug, url: 'https://example.org/', createdAt: new Date(0).toISOString() });

  it('a claim abandoned for longer than the lease is taken over; a younger one is not', async () => {
    const { client, store: records } = idempotency();
    const key = randomUUID();
    const start = Date.now();
    const neverFinishes = new Promise<Link>(() => undefined);
    void createIdempotently(records, key, 'fingerprint', start, () => neverFinishes);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const young = createIdempotently(records, key, 'fingerprint', start + IDEMPOTENCY_LEASE_MS - 1, async () =>
      link('young'),
    );
    await expect(young).rejects.toMatchObject({ kind: { status: 409 } });

    const later = start + IDEMPOTENCY_LEASE_MS;
    const takeover = await createIdempotently(records, key, 'fingerprint', later, async () => link('takeover'));
    expect(takeover).toEqual({ link: link('takeover'), replayed: false });
    const replay = await createIdempotently(records, key, 'fingerprint', later + 1, async () => link('unused'));
    expect(replay).toEqual({ link: link('takeover'), replayed: true });
    client.destroy();
  });

  it('an expired record frees its key for a new request', async () => {
    const { client, store: records } = idempotency();
    const key = randomUUID();
    await createIdempotently(records, key, 'first', 0, async () => link('first'));
    const result = await createIdempotently(records, key, 'second', Date.now(), async () => link('second'));
    expect(result).toEqual({ link: link('second'), replayed: false });
    await expect(
      createIdempotently(records, key, 'third', Date.now(), async () => link('third')),
    ).rejects.toBeInstanceOf(Problem);
    client.destroy();
  });
});
