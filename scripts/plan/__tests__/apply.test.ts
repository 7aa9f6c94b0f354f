/**
 * Plans and applies for real (no --offline) stacks made only of terraform_data, which needs no provider and
 * no cloud, so the whole plan → apply path runs here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPlan } from '../run-plan';
import { runInProcess, runScript } from './run-script';
import { removeTempDirs, tempDir, writeSynthDir } from './synth-dir';

afterAll(removeTempDirs);

const stack = (marker: string): object => ({
  terraform: { backend: { local: { path: 'terraform.tfstate' } } },
  resource: { terraform_data: { marker: { input: marker } } },
});

describe('plan:apply', () => {
  const synth = writeSynthDir({
    app: { json: stack('app'), dependencies: ['state'] },
    state: { json: stack('state') },
  });
  const planDir = tempDir('apply');
  const plan = (): ReturnType<typeof runPlan> =>
    runPlan({ stacks: [], offline: false, skipPlan: false, outDir: synth, planDir }, () => undefined);

  it('notes that a local backend without a state file starts from empty state', () => {
    const first = plan();
    expect(first.summary).toContain('| `state` | 1 | 0 | 0 | 0 |');
    expect(first.summary).toContain(
      `> Local backend without a state file at ${join(synth, 'stacks', 'state', 'terraform.tfstate')}`,
    );
  });

  it('skips stacks with a local backend when asked to (as CI does)', () => {
    const run = runInProcess('apply.ts', ['--skip-local-backends', '--plan-dir', planDir]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('skipped state: local backend');
    expect(run.stdout).toContain('skipped app: local backend');
    expect(existsSync(join(synth, 'stacks', 'state', 'terraform.tfstate'))).toBe(false);
  });

  it('applies the saved plans in stack order, into the state file the stack names', () => {
    const run = runInProcess('apply.ts', ['--plan-dir', planDir]);
    expect(run.status).toBe(0);
    expect(run.stdout.indexOf('applying state')).toBeGreaterThanOrEqual(0);
    expect(run.stdout.indexOf('applying state')).toBeLessThan(run.stdout.indexOf('applying app'));
    const state = JSON.parse(readFileSync(join(synth, 'stacks', 'state', 'terraform.tfstate'), 'utf8'));
    expect(state.resources[0].instances[0].attributes.input).toEqual({ value: 'state', type: 'string' });
  });

  it('plans no changes once applied', () => {
    const again = plan();
    expect(again.summary).toContain('| `state` | 0 | 0 | 0 | 0 |');
    expect(again.summary).not.toContain('Local backend without a state file');
  });

  it('refuses to apply offline plans', () => {
    runPlan({ stacks: ['app'], offline: true, skipPlan: false, outDir: synth, planDir }, () => undefined);
    const run = runInProcess('apply.ts', ['--plan-dir', planDir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('offline plans cannot be applied');
  });

  it('names an unknown argument (run as npm runs it)', () => {
    const run = runScript('apply.ts', ['--force']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Unknown option --force.');
  });
});
