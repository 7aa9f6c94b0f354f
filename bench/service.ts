/**
 * `npm run bench:service`: the shortlinks hot paths on loopback, each beside a baseline, printed as ratios.
 *
 *   redirect: the service answering GET /{slug} (in-process link cache warm) vs a bare node:http server
 *             answering the same 302 from a Map;
 *   dynamodb: the service with its cache off (one GetItem per redirect) vs direct SDK GetItem calls with the
 *             same concurrency, both against the same dynalite.
 *
 * The service runs as built (`npm run build:service` first), as the image runs it, not from source through tsx.
 * Every server runs in its own child process, so the load generator (this process) never shares its event
 * loop with what it measures. For the redirect pair, where both sides are CPU-bound, the server under load and the
 * load generator each get a core of their own (taskset, where there is one): left to the scheduler, the two
 * sometimes shared a core, and the same pair measured 0.5 in one round and 0.9 in the next.
 *
 * 127.0.0.1 only; BENCH_ROUNDS (default 4, so that each side goes first equally often) turns of BENCH_SECONDS
 * (default 5) each, after a 1 s warm-up per server and one uncounted round per pair: about 110 s in all.
 */
import { execFileSync, fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ENV } from '../service/src/contract';
import { startDynalite } from '../service/src/local/dynalite';
import { KEEP_ALIVE_TIMEOUT_MS } from '../service/src/server';
import { ensureTable } from '../service/src/store/create-table';
import { createDynamoClient, documentClient } from '../service/src/store/dynamo-client';
import { DynamoLinkStore } from '../service/src/store/dynamo-link-store';
import { LinksTable } from '../service/src/store/links-table';
import { LINKS_TABLE } from '../service/src/table-schema';
import { median } from './measure';

const HOST = '127.0.0.1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONNECTIONS = 50;
const TABLE = 'bench-links';
const SLUG = 'bench01';
const TARGET = 'https://example.org/a/reasonably/long/target?utm_source=bench';
const CACHE_CONTROL = 'public, max-age=300';
const REGION = 'us-east-1';
const REPO_ROOT = join(__dirname, '..');

/** What a child process of this file runs (the service runs from its build instead: spawnBuiltService). */
type ChildRole = 'dynalite' | 'bare' | 'direct-sdk';

// dynalite ignores credentials; the SDK still signs with some.
process.env.AWS_ACCESS_KEY_ID ??= 'bench';
process.env.AWS_SECRET_ACCESS_KEY ??= 'bench';

/** Child side: start one thing, report its port (or result) over IPC, run until killed. */
async function child(role: ChildRole, endpoint: string | undefined): Promise<void> {
  const report = (message: object) => process.send?.(message);
  if (role === 'dynalite') {
    const { port } = await startDynalite();
    report({ port });
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
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    server.listen(0, HOST, () => report({ port: (server.address() as AddressInfo).port }));
    return;
  }
  if (role === 'direct-sdk') {
    const documents = documentClient(createDynamoClient({ region: REGION, endpoint }));
    const get = () =>
      documents.send(new GetCommand({ TableName: TABLE, Key: { [LINKS_TABLE.partitionKey.name]: SLUG } }));
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
  }
}

/**
 * The service as the image runs it (service/Dockerfile: `npm run build:service`, then `node service/dist/...`), on
 * 127.0.0.1, reporting its port over IPC. Not through tsx, as the rest of this file runs: the same service from
 * source through tsx answered 15-25% fewer redirects than its build, which is what ships.
 */
const BUILT_SERVICE = `
  const { loadConfig } = require('./service/dist/config');
  const { startService } = require('./service/dist/service');
  startService(loadConfig(process.env), { host: '${HOST}' }).then((service) => process.send({ port: service.port }));
`;

function builtServiceEnv(endpoint: string, cached: boolean): NodeJS.ProcessEnv {
  return {
    ...process.env,
    [ENV.port]: '0',
    [ENV.tableName]: TABLE,
    [ENV.region]: REGION,
    [ENV.dynamodbEndpoint]: endpoint,
    [ENV.publicBaseUrl]: 'https://sho.rt',
    [ENV.logLevel]: process.env.BENCH_LOG_LEVEL ?? 'info',
    ...(cached ? {} : { [ENV.linkCacheTtlMs]: '0' }),
  };
}

/** Parent side. */
interface Spawned {
  readonly process: ChildProcess;
  /** The first IPC message: a port, or the direct SDK's result. */
  readonly message: Promise<Record<string, number>>;
}

// The children's stdout (the service's JSON access log) goes to /dev/null: written, not kept.
const CHILD_STDIO: ['ignore', 'ignore', 'inherit', 'ipc'] = ['ignore', 'ignore', 'inherit', 'ipc'];

function reporting(name: string, proc: ChildProcess): Spawned {
  const message = new Promise<Record<string, number>>((resolve, reject) => {
    proc.once('message', (value) => resolve(value as Record<string, number>));
    proc.once('exit', (code) => reject(new Error(`${name} exited with ${code} before reporting`)));
  });
  return { process: proc, message };
}

function spawnChild(role: ChildRole, endpoint?: string): Spawned {
  const args = ['--role', role, ...(endpoint ? ['--endpoint', endpoint] : [])];
  return reporting(role, fork(__filename, args, { stdio: CHILD_STDIO }));
}

function spawnBuiltService(endpoint: string, options: { cached: boolean }): Spawned {
  const env = builtServiceEnv(endpoint, options.cached);
  return reporting(
    'service',
    spawn(process.execPath, ['-e', BUILT_SERVICE], { cwd: REPO_ROOT, env, stdio: CHILD_STDIO }),
  );
}

async function load(port: number, seconds: number): Promise<number> {
  const result = await autocannon({
    url: `http://${HOST}:${port}/${SLUG}`,
    connections: CONNECTIONS,
    duration: seconds,
  });
  const redirects = result.statusCodeStats['302']?.count ?? 0;
  const total = Object.values(result.statusCodeStats).reduce((sum, { count }) => sum + Number(count), 0);
  if (result.errors > 0 || total === 0 || Number(redirects) !== total) {
    throw new Error(`port ${port}: ${result.errors} errors, ${redirects}/${total} answers were 302`);
  }
  return result.requests.average;
}

/**
 * Both servers stay up and take turns under load, ROUNDS times, so that whatever else the machine does
 * falls on both alike; the ratio printed is the median of the per-round ratios. The order alternates from one round
 * to the next (XY, YX, XY, ...): the machine sometimes speeds up or slows down for minutes, and with X always first,
 * that drift counted against X in every round (DynamoDB pair: 0.79, 0.85, 0.86 in one run, both sides rising).
 */
async function compare(
  name: string,
  labels: [string, string],
  measure: [() => Promise<number>, () => Promise<number>],
) {
  const ratios: number[] = [];
  const rates: [number[], number[]] = [[], []];
  // One round first that counts for nothing: the JIT, the SDK's connection pool and dynalite (shared by both
  // sides, cold until then) warm up there. Counted, it put the first side of the DynamoDB pair 20-30% low.
  await measure[0]();
  await measure[1]();
  for (let round = 0; round < ROUNDS; round += 1) {
    let x: number;
    let y: number;
    if (round % 2 === 0) {
      x = await measure[0]();
      y = await measure[1]();
    } else {
      y = await measure[1]();
      x = await measure[0]();
    }
    rates[0].push(x);
    rates[1].push(y);
    ratios.push(x / y);
  }
  const rounded = (values: number[]) => values.map((value) => Math.round(value)).join('/');
  console.log(
    `${name}: ${labels[0]} ${Math.round(median(rates[0]))} req/s, ${labels[1]} ${Math.round(median(rates[1]))} req/s, ` +
      `ratio X/Y = ${median(ratios).toFixed(2)}  (rounds: ${rounded(rates[0])} vs ${rounded(rates[1])})`,
  );
}

const CORES = { loadGenerator: '0', server: '1' } as const;
/** Read once: pinning this process to one core makes availableParallelism() answer 1 from then on. */
const CPU_COUNT = availableParallelism();

/** Binds every thread of `pid` to `cpus` (a taskset list); false where that cannot be done (one core, no taskset). */
function pin(pid: number | undefined, cpus: string): boolean {
  if (pid === undefined || CPU_COUNT < 2) return false;
  try {
    execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function startServer(
  name: string,
  server: Spawned,
  options: { pinned?: boolean } = {},
): Promise<{ port: number; stop: () => void }> {
  const { port } = await server.message;
  // This process is pinned already, so taskset works here: a server left unpinned would make the footer lie.
  if (options.pinned === true && !pin(server.process.pid, CORES.server)) {
    server.process.kill('SIGKILL');
    throw new Error(`could not pin the ${name} server to CPU ${CORES.server}`);
  }
  await load(port, 1); // warm-up: JIT, connection pools, the link cache
  return { port, stop: () => server.process.kill('SIGKILL') };
}

async function directSdk(endpoint: string): Promise<number> {
  const direct = spawnChild('direct-sdk', endpoint);
  const { requestsPerSecond } = await direct.message;
  return requestsPerSecond;
}

async function parent(): Promise<void> {
  const build = spawnSync('npm', ['run', '--silent', 'build:service'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build:service failed: the service does not compile.');
  const store = spawnChild('dynalite');
  const servers: { stop: () => void }[] = [];
  try {
    const endpoint = `http://${HOST}:${(await store.message).port}`;
    const client = createDynamoClient({ region: REGION, endpoint });
    await ensureTable(client, TABLE);
    const table = new LinksTable(documentClient(client), TABLE, { deadlineMs: 10_000 });
    const links = new DynamoLinkStore(table, { retiredSlugDays: 30 });
    const nowMs = Date.now();
    if (!(await links.putIfAbsent({ slug: SLUG, url: TARGET, createdAt: new Date(nowMs).toISOString() }, nowMs))) {
      throw new Error(`slug ${SLUG} already taken in a fresh table`);
    }
    client.destroy();

    const allCores = `0-${CPU_COUNT - 1}`;
    const pinned = pin(process.pid, CORES.loadGenerator);
    const service = await startServer('service', spawnBuiltService(endpoint, { cached: true }), { pinned });
    const bare = await startServer('bare', spawnChild('bare'), { pinned });
    servers.push(service, bare);
    await compare(
      'redirect',
      ['service', 'bare node:http'],
      [() => load(service.port, SECONDS), () => load(bare.port, SECONDS)],
    );
    service.stop();
    bare.stop();
    // The DynamoDB pair runs unpinned: dynalite must not share the load generator's core with one side only.
    if (pinned) pin(process.pid, allCores);

    const uncached = await startServer('service (cache off)', spawnBuiltService(endpoint, { cached: false }));
    servers.push(uncached);
    await compare(
      'dynamodb',
      ['service (cache off)', 'direct SDK GetItem'],
      [() => load(uncached.port, SECONDS), () => directSdk(endpoint)],
    );
    console.log(
      `(${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s each after an uncounted one, 127.0.0.1, Node ${process.version}; ` +
        `redirect pair ${pinned ? `pinned: server on CPU ${CORES.server}, load generator on CPU ${CORES.loadGenerator}` : 'not pinned'})`,
    );
  } finally {
    for (const server of servers) server.stop();
    store.process.kill('SIGKILL');
  }
}

const roleIndex = process.argv.indexOf('--role');
const endpointIndex = process.argv.indexOf('--endpoint');
const run =
  roleIndex === -1
    ? parent()
    : child(
        process.argv[roleIndex + 1] as ChildRole,
        endpointIndex === -1 ? undefined : process.argv[endpointIndex + 1],
      );
run.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
