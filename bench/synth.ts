/**
 * `npm run bench:synth`: how long the cdktf app takes to synthesize every stack, against the floor of loading
 * cdktf at all. The app runs as compiled JavaScript (`npm run build:app` first); the ratio shows what our own
 * code and the provider classes cost on top of cdktf. For comparison: the whole cdktf.json "app" command
 * (an up-to-date build check, then the app) and the same app through the tsx loader. The barrel-import line
 * shows what one import of the provider package's root would add to every process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cdktfConfig from '../cdktf.json';
import { formatTiming, timeCommand } from './measure';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const node = process.execPath;
const APP_BUDGET = 2.5;

const build = spawnSync('npm', ['run', '--silent', 'build:app'], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build:app failed: the app does not compile.');
// Synthesize into a scratch directory: the bench must not overwrite the cdktf.out a user is working with.
const outDir = mkdtempSync(join(tmpdir(), 'bench-synth-'));
process.env.CDKTF_OUTDIR = outDir;

try {
  const floor = timeCommand(`node -e "require('cdktf')"`, node, ['-e', "require('cdktf')"], runs);
  const app = timeCommand('synth all stacks (node dist/app/main.js)', node, ['dist/app/main.js'], runs);
  const appCommand = timeCommand('cdktf.json app (build check + app)', 'sh', ['-c', cdktfConfig.app], runs);
  const tsx = timeCommand('same app through tsx (node --import tsx)', node, ['--import', 'tsx', 'main.ts'], runs);
  const deep = timeCommand(
    'deep import (provider-aws/lib/vpc)',
    node,
    ['-e', "require('@cdktf/provider-aws/lib/vpc')"],
    runs,
  );
  const barrel = timeCommand(
    'barrel import (@cdktf/provider-aws)',
    node,
    ['-e', "require('@cdktf/provider-aws')"],
    runs,
  );

  for (const timing of [floor, app, appCommand, tsx, deep, barrel]) console.log(formatTiming(timing));
  const ratio = app.medianMs / floor.medianMs;
  console.log(
    `ratio synth / require('cdktf') = ${ratio.toFixed(2)} (budget ${APP_BUDGET}: ${ratio <= APP_BUDGET ? 'within' : 'OVER'})`,
  );
  console.log(`ratio app command / require('cdktf') = ${(appCommand.medianMs / floor.medianMs).toFixed(2)}`);
  console.log(`ratio tsx / require('cdktf')   = ${(tsx.medianMs / floor.medianMs).toFixed(2)}`);
  console.log(`ratio barrel / deep import     = ${(barrel.medianMs / deep.medianMs).toFixed(2)}`);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
