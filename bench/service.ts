/**
 * `npm run bench:service`: the shortlinks hot paths on loopback, each beside a baseline, printed as ratios.
 *
 *   redirect: the service answering GET /{slug} (in-process link cache warm) vs a bare node:http server
 *             answering the same 302 from a Map;
 *   dynamodb: the service with its cache off (one GetItem per redirect) vs direct SDK GetItem calls with the
 *             same concurrency, both against the same dynalite.
 *
 * Every server runs in its own child process, so the load generator (this process) never shares its event
 * loop with what it measures. 127.0.0.1 only; each run lasts BENCH_SECONDS (default 5) after a 1 s warm-up.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { loadConfig } from '../service/src/config';
import { startService } from '../service/src/service';
import { ensureTable } from '../service/src/store/create-table';
import { createDynamoClient, documentClient } from '../service/src/store/dynamo-client';
import { LINKS_TABLE } from '../service/src/table-schema';

const HOST = '127.0.0.1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
const TABLE = 'bench-links';
const SLUG = 'bench01';
const TARGET = 'https://example.org/a/reasonably/long/target?utm_source=bench';
const CACHE_CONTROL = 'public, max-age=300';
const REGION = 'us-east-1';

type Role = 'dynalite' | 'bare' | 'service' | 'service-uncached' | 'direct-sdk';

// dynalite ignores credentials; the SDK still signs with some.
process.env.AWS_ACCESS_KEY_ID ??= 'bench';
process.env.AWS_SECRET_ACCESS_KEY ??= 'bench';

/** Child side: start one thing, report its port (or result) over IPC, run until killed. */
async function child(role: Role, endpoint: string | undefined): Promise<void> {
  const report = (message: object) => process.send?.(message);
  if (role === 'dynalite') {
    const server = dynalite({ createTableMs: 0 });
    server.listen(0, HOST, () => report({ port: (server.address() as AddressInfo).port }));
    return;
  }
  if (role === 'bare') {
    const links = new Map([[`/${SLUG}`, TARGET]]);
    const server = createServer((req, res) => {
      const target = links.get(req.url ?? '');
      if (target === undefined) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(302, { Location: target, 'Cache-Control': CACHE_CONTROL, 'Content-Length': 0 }).end();
    });
    server.keepAliveTimeout = 65_000;
    server.listen(0, HOST, () => report({ port: (server.address() as AddressInfo).port }));
    return;
  }
  if (role === 'direct-sdk') {
    const documents = documentClient(createDynamoClient({ region: REGION, endpoint }));
    const get = () => documents.send(new GetCommand({ TableName: TABLE, Key: { [LINKS_TABLE.partitionKey.name]: SLUG } }));
    await get();
    const until = Date.now() + SECONDS * 1000;
    let completed = 0;
    const worker = async () => {
      while (Date.now() < until) {
        const { Item } = await get();
        if (Item?.url !== TARGET) throw new Error('direct GetItem returned the wrong item');
        completed += 1;
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    report({ requestsPerSecond: completed / ((Date.now() - started) / 1000) });
    return;
  }
  const config = loadConfig({
    PORT: '0',
    TABLE_NAME: TABLE,
    AWS_REGION: REGION,
    DYNAMODB_ENDPOINT: endpoint,
    PUBLIC_BASE_URL: 'https://sho.rt',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    ...(role === 'service-uncached' ? { LINK_CACHE_TTL_MS: '0' } : {}),
  });
  const service = await startService(config, { host: HOST });
  report({ port: service.port });
}

/** Parent side. */
function spawnRole(role: Role, endpoint?: string): { process: ChildProcess; message: Promise<Record<string, number>> } {
  // The children's stdout (the service's JSON access log) goes to /dev/null: written, not kept.
  const proc = fork(__filename, ['--role', role, ...(endpoint ? ['--endpoint', endpoint] : [])], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const message = new Promise<Record<string, number>>((resolve, reject) => {
    proc.once('message', (value) => resolve(value as Record<string, number>));
    proc.once('exit', (code) => reject(new Error(`${role} exited with ${code} before reporting`)));
  });
  return { process: proc, message };
}

async function load(port: number, seconds: number): Promise<number> {
  const result = await autocannon({ url: `http://${HOST}:${port}/${SLUG}`, connections: CONNECTIONS, duration: seconds });
  const redirects = result.statusCodeStats['302']?.count ?? 0;
  const total = Object.values(result.statusCodeStats).reduce((sum, { count }) => sum + Number(count), 0);
  if (result.errors > 0 || total === 0 || Number(redirects) !== total) {
    throw new Error(`port ${port}: ${result.errors} errors, ${redirects}/${total} answers were 302`);
  }
  return result.requests.average;
}

async function measureServer(role: Role, endpoint?: string): Promise<number> {
  const server = spawnRole(role, endpoint);
  try {
    const { port } = await server.message;
    await load(port, 1); // warm-up: JIT, connection pools, the link cache
    return await load(port, SECONDS);
  } finally {
    server.process.kill('SIGKILL');
  }
}

async function parent(): Promise<void> {
  const store = spawnRole('dynalite');
  try {
    const endpoint = `http://${HOST}:${(await store.message).port}`;
    const client = createDynamoClient({ region: REGION, endpoint });
    await ensureTable(client, TABLE);
    await documentClient(client).send(
      new PutCommand({ TableName: TABLE, Item: { [LINKS_TABLE.partitionKey.name]: SLUG, url: TARGET, createdAt: new Date().toISOString() } }),
    );
    client.destroy();

    const line = (name: string, a: string, x: number, b: string, y: number) =>
      console.log(`${name}: ${a} ${Math.round(x)} req/s, ${b} ${Math.round(y)} req/s, ratio X/Y = ${(x / y).toFixed(2)}`);

    const service = await measureServer('service', endpoint);
    const bare = await measureServer('bare');
    line('redirect', 'service', service, 'bare node:http', bare);

    const uncached = await measureServer('service-uncached', endpoint);
    const direct = spawnRole('direct-sdk', endpoint);
    const { requestsPerSecond } = await direct.message;
    line('dynamodb', 'service (cache off)', uncached, 'direct SDK GetItem', requestsPerSecond);
    console.log(`(${CONNECTIONS} connections, ${SECONDS} s each after 1 s warm-up, 127.0.0.1, Node ${process.version})`);
  } finally {
    store.process.kill('SIGKILL');
  }
}

const roleIndex = process.argv.indexOf('--role');
const endpointIndex = process.argv.indexOf('--endpoint');
const run =
  roleIndex === -1
    ? parent()
    : child(process.argv[roleIndex + 1] as Role, endpointIndex === -1 ? undefined : process.argv[endpointIndex + 1]);
run.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
