import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HEALTHCHECK_COMMAND, HEALTHCHECK_TIMING } from '../src/contract';
import { ensureTable } from '../src/store/create-table';
import { createDynamoClient } from '../src/store/dynamo-client';
import { startDynalite, type RunningDynalite } from './helpers/dynalite';
import { REPO_ROOT, spawnNode, spawnService } from './helpers/process';
import { call, testEnv } from './helpers/service';

const run = promisify(execFile);
const dockerfile = readFileSync(join(REPO_ROOT, 'service/Dockerfile'), 'utf8');

/** The exec-form argument list of a Dockerfile instruction, e.g. CMD ["node", "x.js"]. */
function execForm(instruction: string): string[] {
  const match = new RegExp(`^${instruction}\\s.*?(\\[.*\\])\\s*$`, 'm').exec(dockerfile);
  if (match === null) throw new Error(`no exec-form ${instruction} in service/Dockerfile`);
  return JSON.parse(match[1]);
}

let store: RunningDynalite;

beforeAll(async () => {
  store = await startDynalite();
  // What the Dockerfile's build stage runs.
  await run('npm', ['run', 'build:service'], { cwd: REPO_ROOT });
}, 240_000); // tsc over the service: seconds when idle, minutes beside CPU burners
afterAll(() => store.stop());

it('runs as the unprivileged user with /tmp as the only writable volume', () => {
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  expect(finalStage).toMatch(/^VOLUME \["\/tmp"\]$/m);
  expect(finalStage).toMatch(/^USER node$/m);
  expect(finalStage.indexOf('VOLUME')).toBeLessThan(finalStage.indexOf('USER node'));
  expect(dockerfile).toMatch(/npm ci --workspace service --omit=dev/);
});

it('the HEALTHCHECK runs on the timing the ECS task definition uses', () => {
  const options = /^HEALTHCHECK (.*?) CMD /m.exec(dockerfile)?.[1] ?? '';
  const flags = Object.fromEntries([...options.matchAll(/--([a-z-]+)=(\S+)/g)].map(([, name, value]) => [name, value]));
  expect(flags).toEqual({
    interval: `${HEALTHCHECK_TIMING.intervalSeconds}s`,
    timeout: `${HEALTHCHECK_TIMING.timeoutSeconds}s`,
    'start-period': `${HEALTHCHECK_TIMING.startPeriodSeconds}s`,
    retries: String(HEALTHCHECK_TIMING.retries),
  });
});

it('every file the Dockerfile copies from the context exists', () => {
  const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) => match[1].split(' '));
  expect(sources.length).toBeGreaterThan(3);
  for (const source of sources)
    expect({ source, exists: existsSync(join(REPO_ROOT, source)) }).toEqual({ source, exists: true });
});

it('the build output starts with the Dockerfile CMD, answers /healthz, and passes the HEALTHCHECK', async () => {
  const [command, ...args] = execForm('CMD');
  expect(command).toBe('node');
  const env = testEnv(store.endpoint, { LOG_LEVEL: 'info' });
  const client = createDynamoClient({ region: 'us-east-1', endpoint: store.endpoint });
  await ensureTable(client, env.TABLE_NAME as string);
  client.destroy();

  const service = await spawnService(args, env);
  try {
    expect(await call(`http://127.0.0.1:${service.port}`, '/healthz')).toMatchObject({
      status: 200,
      json: { status: 'ok' },
    });
    expect(await call(`http://127.0.0.1:${service.port}`, '/readyz')).toMatchObject({ status: 200 });

    const [checkCommand, ...checkArgs] = execForm('HEALTHCHECK');
    // ECS runs the same command from the task definition (modules/container-service).
    expect([checkCommand, ...checkArgs]).toEqual(HEALTHCHECK_COMMAND);
    const healthy = spawnNode(checkArgs, { PORT: String(service.port) });
    expect(await healthy.exited).toBe(0);
  } finally {
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  }
  // Nothing answers on the port any more, so the same check now fails.
  const unhealthy = spawnNode(execForm('HEALTHCHECK').slice(1), { PORT: String(service.port) });
  expect(await unhealthy.exited).toBe(1);
});
