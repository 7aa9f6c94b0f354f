/**
 * Test helpers: run one of the plan scripts and return its exit code and output, either as `npm run` would (a
 * child process through tsx, which proves the entry point) or through its entry function in this process.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { captureCli, type CommandRun } from '../../../__tests__/capture-cli';
import { applyCli } from '../apply';
import { planCli } from '../cli';

const REPO_ROOT = join(__dirname, '..', '..', '..');

type Script = 'cli.ts' | 'apply.ts';

export function runScript(script: Script, args: string[]): CommandRun {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join('scripts', 'plan', script), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function runInProcess(script: Script, args: string[]): CommandRun {
  return captureCli(script === 'cli.ts' ? planCli : applyCli, args);
}
