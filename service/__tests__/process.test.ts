import { Agent, request, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { ensureTable } from '../src/store/create-table';
import { createDynamoClient } from '../src/store/dynamo-client';
import { startDynalite, type RunningDynalite } from './helpers/dynalite';
import { startFaultProxy } from './helpers/fault-proxy';
import { spawnNode, spawnService, type ServiceProcess } from './helpers/process';
import { testEnv } from './helpers/service';

// tsx's CommonJS hook alone: its ESM loader, which `--import tsx` adds, starts a loader thread of its own in every
// process (about 0.2 s of CPU each) for sources that are CommonJS anyway.
const SOURCE_ENTRY = ['--require', 'tsx/cjs', 'service/src/main.ts'];

let store: RunningDynalite;
let env: ReturnType<typeof testEnv>;
const running: ServiceProcess[] = [];

beforeAll(async () => {
  store = await startDynalite();
  env = testEnv(store.endpoint, { LOG_LEVEL: 'info' });
  const client = createDynamoClient({ region: 'us-east-1', endpoint: store.endpoint });
  await ensureTable(client, env.TABLE_NAME as string);
  client.destroy();
});
afterAll(async () => {
  for (const service of running) service.child.kill('SIGKILL');
  await store.stop();
});

/**
 * Starts a POST whose body arrives in two parts. `accepted` resolves once the server has parsed the headers
 * and handed the request to the app (it answers `Expect: 100-continue` then), so the request is in flight.
 */
function startSlowPost(port: number, body: string) {
  const req = request({
    host: '127.0.0.1',
    port,
    path: '/api/links',
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
  });
  const accepted = new Promise<void>((resolve) => req.once('continue', () => resolve()));
  const response = new Promise<{ status: number; headers: IncomingMessage['headers']; body: string }>(
    (resolve, reject) => {
      req.on('error', reject).on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
    },
  );
  // Awaited later, after other awaits: without this, an early failure would be an unhandled rejection.
  response.catch(() => undefined);
  req.flushHeaders();
  return {
    accepted: accepted.then(() => void req.write(body.slice(0, 10))),
    response,
    finish: () => req.end(body.slice(10)),
  };
}

function refusesConnection(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/**
 * The service closes its idle sockets and its listening socket in one step, but another process can run
 * between the two system calls, so the port is given a moment before it must refuse.
 */
async function startsRefusingConnections(port: number, withinMs = 1_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (!(await refusesConnection(port))) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

it('exits 1 listing every configuration problem when the environment is wrong', async () => {
  const { exited, output } = spawnNode(SOURCE_ENTRY, {
    PUBLIC_BASE_URL: 'ftp://x/y',
    REDIRECT_STATUS: '307',
    PORT: 'eighty',
  });
  expect(await exited).toBe(1);
  const text = output();
  expect(text).toContain('shortlinks: invalid configuration:');
  for (const name of [
    'TABLE_NAME is required',
    'AWS_REGION is required',
    'PUBLIC_BASE_URL must be',
    'REDIRECT_STATUS must be 301 or 302',
    'PORT must be an integer',
  ]) {
    expect(text).toContain(name);
  }
  expect(text).not.toMatch(/\n\s+at /);
});

it('on SIGTERM: stops accepting, closes idle keep-alive sockets, finishes the in-flight request, exits 0', async () => {
  const service = await spawnService(SOURCE_ENTRY, env);
  running.push(service);
  // An idle keep-alive connection: one finished request, socket kept by the agent.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const idleSocket = await new Promise<Socket>((resolve, reject) => {
    request({ host: '127.0.0.1', port: service.port, path: '/healthz', agent }, (res) => {
      const socket = res.socket; // the agent keeps it after the response ends, detached from `res`
      res.resume().on('end', () => resolve(socket));
    })
      .on('error', reject)
      .end();
  });
  const idleSocketClosed = new Promise((resolve) => idleSocket.once('close', resolve));
  const inFlight = startSlowPost(
    service.port,
    JSON.stringify({ url: 'https://example.org/across-sigterm', slug: 'across-sigterm' }),
  );
  await inFlight.accepted;

  service.child.kill('SIGTERM');
  await idleSocketClosed;
  expect(await startsRefusingConnections(service.port)).toBe(true);
  expect(service.child.exitCode).toBeNull(); // still draining: the POST is not finished

  inFlight.finish();
  const response = await inFlight.response;
  expect(response.status).toBe(201);
  expect(response.headers.connection).toBe('close');
  expect(JSON.parse(response.body)).toMatchObject({ slug: 'across-sigterm' });
  expect(await service.exited).toBe(0);
  expect(service.output()).toMatch(/"msg":"stopped","forced":false/);
  agent.destroy();
});

it('on SIGTERM with a request that never finishes: cuts it after SHUTDOWN_TIMEOUT_MS and exits 1', async () => {
  const service = await spawnService(SOURCE_ENTRY, { ...env, SHUTDOWN_TIMEOUT_MS: '300' });
  running.push(service);
  const stuck = startSlowPost(service.port, JSON.stringify({ url: 'https://example.org/never' }));
  await stuck.accepted;
  const signalled = Date.now();
  service.child.kill('SIGTERM');
  expect(await service.exited).toBe(1);
  expect(Date.now() - signalled).toBeLessThan(3_000);
  expect(service.output()).toMatch(/"msg":"stopped","forced":true/);
  await expect(stuck.response).rejects.toThrow();
});

it('on SIGTERM while DynamoDB does not answer: the stuck request gets 503 by its deadline and the drain exits 0', async () => {
  const proxy = await startFaultProxy(store.port);
  const service = await spawnService(SOURCE_ENTRY, {
    ...env,
    DYNAMODB_ENDPOINT: proxy.endpoint,
    DYNAMODB_TIMEOUT_MS: '3000',
    LINK_CACHE_TTL_MS: '0',
  });
  running.push(service);
  try {
    proxy.fault = 'blackhole';
    const stuck = fetch(`http://127.0.0.1:${service.port}/some-slug`, { redirect: 'manual' });
    while (proxy.counts.blackhole === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    service.child.kill('SIGTERM');
    const response = await stuck;
    expect(response.status).toBe(503);
    expect(response.headers.get('connection')).toBe('close');
    expect(await service.exited).toBe(0);
    expect(service.output()).toMatch(/"msg":"stopped","forced":false/);
  } finally {
    await proxy.close();
  }
});
