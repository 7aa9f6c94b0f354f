import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { environments, stateBackend } from '../../config';
import { analyzeStack } from '../analyzed-stack';
import { platformFacts, type PlatformFacts } from '../facts';
import { DOCUMENTED_ENVIRONMENTS, generate, type Generated } from '../generate';
import { readSynthOutput, type SynthesizedStack } from '../synth-output';
import { synthesizeApp } from '../../__tests__/synthesize-app';

const ROOT = path.join(__dirname, '..', '..');
const DOCS = path.join(ROOT, 'docs');

/**
 * Synthesizes the real app (main.ts) into a temporary directory, as `npm run synth` would, so that these tests
 * check docs/ against the code of this checkout even on a fresh clone where cdktf.out does not exist yet.
 */
async function synthesizedStacks(): Promise<SynthesizedStack[]> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'diagram-synth-'));
  try {
    await synthesizeApp(outdir);
    return readSynthOutput(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

let stacks: SynthesizedStack[];
let generated: Generated;
beforeAll(async () => {
  stacks = await synthesizedStacks();
  generated = await generate(stacks);
}, 120_000);

describe('docs/ is what the current stacks produce', () => {
  const committed = [...DOCUMENTED_ENVIRONMENTS.flatMap((env) => [`${env}.svg`, `${env}.mmd`]), 'architecture.md'];

  it('generates exactly the committed files', () => {
    expect(generated.docs.map((f) => f.path).sort()).toEqual([...committed].sort());
  });

  it.each(committed)('docs/%s is fresh (else run `npm run synth` and commit docs/)', (file) => {
    const fresh = generated.docs.find((f) => f.path === file)!.content;
    const onDisk = path.join(DOCS, file);
    // Compared without printing both versions: an SVG diff is 100 KiB of base64.
    const state = !fs.existsSync(onDisk) ? 'missing' : fs.readFileSync(onDisk, 'utf8') === fresh ? 'fresh' : 'stale';
    expect(`docs/${file} is ${state}`).toBe(`docs/${file} is fresh`);
  });
});

it('writes docs/architecture.md as Prettier would, so `npm run format` never makes it stale', () => {
  const markdown = generated.docs.find((f) => f.path === 'architecture.md')!.content;
  const prettier = path.join(ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
  const formatted = execFileSync(process.execPath, [prettier, '--stdin-filepath', path.join(DOCS, 'architecture.md')], {
    cwd: ROOT,
    input: markdown,
    encoding: 'utf8',
  });
  expect(formatted).toBe(markdown);
});

describe("the document's numbers are the configured ones", () => {
  const factsOf = (name: string): PlatformFacts =>
    platformFacts(analyzeStack(stacks.find((s) => s.name === name)!), stacks.map(analyzeStack));

  it.each(environments.map((e) => [e.name, e] as const))('%s', (name, env) => {
    const facts = factsOf(name);
    expect(facts.region).toBe(env.region);
    expect(facts.availabilityZones).toEqual([...env.network.availabilityZones].sort());
    const natGateways = { none: 0, single: 1, 'per-az': env.network.availabilityZones.length };
    expect(facts.natGateways).toBe(natGateways[env.network.natMode]);
    expect(facts.interfaceEndpoints).toEqual([...env.network.interfaceEndpoints].sort());
    expect([facts.taskCpu, facts.taskMemoryMiB]).toEqual([env.service.cpu, env.service.memory]);
    expect([facts.desiredCount, facts.minTasks, facts.maxTasks]).toEqual([
      env.service.desiredCount,
      env.service.minCapacity,
      env.service.maxCapacity,
    ]);
    expect(facts.scalingTargets).toEqual([
      { metric: 'ECSServiceAverageCPUUtilization', target: env.service.cpuTargetPercent },
      { metric: 'ECSServiceAverageMemoryUtilization', target: env.service.memoryTargetPercent },
    ]);
    expect([facts.throttleBurst, facts.throttleRatePerSecond]).toEqual([
      env.api.throttleBurstLimit,
      env.api.throttleRateLimit,
    ]);
    expect(facts.wafRateLimit).toBe(env.edge.wafRateLimit);
    expect(facts.cdnPriceClass).toBe(env.edge.priceClass);
    const retention = Object.fromEntries(facts.logGroups.map((g) => [g.writer, g.retentionDays]));
    expect(retention).toEqual({
      'application (ECS tasks)': env.service.logRetentionDays,
      'API Gateway access logs': env.service.logRetentionDays,
      'VPC flow logs': env.network.flowLogRetentionDays,
      'WAF logs': env.edge.logRetentionDays,
    });
    expect(facts.state).toMatchObject({
      bucket: stateBackend.bucket,
      noncurrentVersionDays: stateBackend.noncurrentVersionRetentionDays,
    });
  });
});
