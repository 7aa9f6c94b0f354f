/** Test helper: runs one of the plan scripts as `npm run` would, and returns its exit code and output. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..', '..');

export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runScript(script: 'cli.ts' | 'apply.ts', args: string[]): ScriptRun {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join('scripts', 'plan', script), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
