/**
 * Runs real Terraform, offline: stub credentials, local backend, providers from the mirror. The fixture has
 * a local-backend stack and an S3-backend stack whose providers, a us-east-1 alias among them, assume a role,
 * like prod's. Only the second configures hashicorp/aws: each Terraform command that loads that provider costs
 * seconds of CPU, and one such stack shows everything the offline overrides have to get right.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPlan, type PlanResult } from '../run-plan';
import { readPlanRun } from '../plan-run';
import { FIXTURES_DIR, removeTempDirs, tempDir, writeSynthDir } from './synth-dir';

afterAll(removeTempDirs);

const SYNTH_DIR = join(FIXTURES_DIR, 'synth');

describe('offline plan of synthesized stacks', () => {
  const planDir = tempDir('offline');
  const logged: string[] = [];
  let result: PlanResult;
  beforeAll(() => {
    result = runPlan({ stacks: [], offline: true, skipPlan: false, outDir: SYNTH_DIR, planDir }, (line) =>
      logged.push(line),
    );
  });

  it('plans every stack, state first', () => {
    expect(result.outcomes.map((outcome) => [outcome.stack, outcome.status])).toEqual([
      ['state', 'planned'],
      ['app', 'planned'],
    ]);
    expect(logged.map((line) => line.replace(/ \(.*/, ''))).toEqual(['planned state', 'planned app']);
  });

  it('writes the saved plan, its JSON and the summary', () => {
    for (const stack of ['state', 'app']) {
      expect(existsSync(join(planDir, stack, 'plan.tfplan'))).toBe(true);
      expect(JSON.parse(readFileSync(join(planDir, stack, 'plan.json'), 'utf8')).format_version).toBeDefined();
    }
    expect(readFileSync(join(planDir, 'summary.md'), 'utf8')).toBe(result.summary);
    expect(readPlanRun(planDir)).toEqual({ offline: true, stacks: ['state', 'app'] });
  });

  it('summarises what Terraform would create', () => {
    expect(result.summary).toContain('| `state` | 1 | 0 | 0 | 0 |');
    expect(result.summary).toContain('| `app` | 2 | 0 | 0 | 0 |');
  });

  it('plans the aliased provider resource with the alias kept in us-east-1', () => {
    const plan = JSON.parse(readFileSync(join(planDir, 'app', 'plan.json'), 'utf8'));
    const edge = plan.configuration.root_module.resources.find(
      (resource: { address: string }) => resource.address === 'aws_acm_certificate.edge',
    );
    expect(edge.provider_config_key).toBe('aws.us_east_1');
    expect(plan.configuration.provider_config['aws.us_east_1'].expressions.region.constant_value).toBe('us-east-1');
  });

  it('plans although the providers assume a role: the overrides empty it, so nothing asks STS', () => {
    const fixture = JSON.parse(readFileSync(join(SYNTH_DIR, 'stacks', 'app', 'cdk.tf.json'), 'utf8'));
    const roles = fixture.provider.aws.map((provider: { assume_role?: { role_arn: string }[] }) =>
      provider.assume_role?.map((role) => role.role_arn),
    );
    expect(roles).toEqual([['arn:aws:iam::123456789012:role/deployer'], ['arn:aws:iam::123456789012:role/deployer']]);
    expect(result.outcomes.find((outcome) => outcome.stack === 'app')?.status).toBe('planned');
  });

  it('leaves the synthesized directory untouched: Terraform ran in a scratch copy', () => {
    for (const stack of ['state', 'app']) {
      expect(existsSync(join(SYNTH_DIR, 'stacks', stack, '.terraform'))).toBe(false);
      expect(existsSync(join(planDir, stack, 'work', 'backend_override.tf.json'))).toBe(true);
    }
    expect(existsSync(join(SYNTH_DIR, 'stacks', 'state', 'terraform.tfstate'))).toBe(false);
  });

  it('reports a stack whose plan fails and still plans the others', () => {
    const synth = writeSynthDir({
      good: { json: { resource: { terraform_data: { ok: { input: 'ok' } } } } },
      broken: { json: { resource: { terraform_data: { bad: { input: '${terraform_data.missing.id}' } } } } },
    });
    const broken = runPlan(
      { stacks: [], offline: true, skipPlan: false, outDir: synth, planDir: tempDir('broken') },
      () => undefined,
    );
    expect(broken.outcomes.map((outcome) => [outcome.stack, outcome.status])).toEqual([
      ['broken', 'failed'],
      ['good', 'planned'],
    ]);
    expect(broken.summary).toContain('| `broken` | ❌ plan failed | | | |');
    expect(broken.summary).toContain('Reference to undeclared resource');
  });
});
