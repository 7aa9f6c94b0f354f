import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynalite, type RunningDynalite } from './helpers/dynalite';
import { call, postLink, startTestService, type TestService } from './helpers/service';

let dataDir: string;
let store: RunningDynalite;
let app: TestService;

beforeAll(async () => {
  // On disk, so the table outlives the restart as it would outlive a network outage.
  dataDir = mkdtempSync(join(tmpdir(), 'shortlinks-readyz-'));
  store = await startDynalite(dataDir);
  app = await startTestService(store.endpoint);
});
afterAll(async () => {
  await app.stop();
  await store.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('/readyz goes red while DynamoDB is unreachable and green when it is back; /healthz stays green', async () => {
  expect((await call(app.baseUrl, '/readyz')).status).toBe(200);
  const created = await postLink(app.baseUrl, { url: 'https://example.org/survives' });

  await store.stop();
  const red = await call(app.baseUrl, '/readyz');
  expect(red.status).toBe(503);
  expect(red.headers.get('content-type')).toBe('application/problem+json');
  expect(red.json).toMatchObject({ type: 'urn:shortlinks:problem:store-unavailable' });
  expect((await call(app.baseUrl, '/healthz')).status).toBe(200);
  // A write while the store is away is a 503 the client can retry, not a 500.
  const refused = await postLink(app.baseUrl, { url: 'https://example.org/later' });
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('1');

  await store.restart();
  expect((await call(app.baseUrl, '/readyz')).status).toBe(200);
  expect((await call(app.baseUrl, `/api/links/${created.json?.slug}`)).status).toBe(200);
  expect(app.logs).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'readiness probe failed' }));
});
