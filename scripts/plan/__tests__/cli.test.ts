import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess, runScript } from './run-script';
import { removeTempDirs, tempDir, writeSynthDir } from './synth-dir';

afterAll(removeTempDirs);

describe('plan CLI', () => {
  it('prints usage on --help (run as npm runs it)', () => {
    const run = runScript('cli.ts', ['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: npm run plan -- [options] [STACK...]');
  });

  it('names unknown stacks and lists the synthesized ones', () => {
    const synth = writeSynthDir({ state: { json: {} }, dev: { json: {} } });
    const run = runInProcess('cli.ts', ['--out-dir', synth, 'qa']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('plan: Unknown stack(s): qa. Synthesized stacks: state, dev.');
  });

  it('summarises only configuration changes with --compare and --no-plan, running no Terraform', () => {
    const base = writeSynthDir({ dev: { json: { resource: { aws_vpc: { main: { cidr_block: '10.0.0.0/16' } } } } } });
    const head = writeSynthDir({ dev: { json: { resource: { aws_vpc: { main: { cidr_block: '10.1.0.0/16' } } } } } });
    const planDir = tempDir('compare');
    const run = runInProcess('cli.ts', ['--out-dir', head, '--compare', base, '--no-plan', '--plan-dir', planDir]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('  - changed `aws_vpc.main`: `cidr_block`');
    expect(run.stdout).toContain('_No plan ran: configuration comparison only._');
    expect(run.stdout).not.toContain('| Stack | Add |');
    expect(run.stdout).toContain('### 💰 Monthly cost estimate');
    expect(existsSync(join(planDir, 'dev'))).toBe(false);
  });
});

describe('plan directory', () => {
  it('clears only what an earlier run wrote', () => {
    const synth = writeSynthDir({ dev: { json: {} } });
    const planDir = tempDir('reuse');
    mkdirSync(join(planDir, 'old-stack', 'work'), { recursive: true });
    writeFileSync(join(planDir, 'summary.md'), 'old');
    writeFileSync(join(planDir, 'notes.txt'), 'someone else’s file');
    mkdirSync(join(planDir, 'src'));
    const run = runInProcess('cli.ts', ['--out-dir', synth, '--compare', synth, '--no-plan', '--plan-dir', planDir]);
    expect(run.status).toBe(0);
    expect(readdirSync(planDir).sort()).toEqual(['notes.txt', 'src', 'summary.md']);
    expect(readFileSync(join(planDir, 'summary.md'), 'utf8')).toContain('- `dev`: no configuration changes');
  });
});
