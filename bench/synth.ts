/**
 * `npm run bench:synth`: how long the cdktf app takes to synthesize every stack, against the floor of loading
 * cdktf at all. The app runs as compiled JavaScript (`npm run build:app` first); the ratio shows what our own
 * code and the provider classes cost on top of cdktf. For comparison: the whole cdktf.json "app" command
 * (an up-to-date build check, then the app) and the same app through the tsx loader. The barrel-import line
 * shows what one import of the provider package's root would add to every process. The app stands in for archiver,
 * which cdktf loads and never uses here (lib/unused-archiver.ts): one line shows cdktf loaded that way, and the
 * app's ratio to it, so that what that saves can be told from the rest.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cdktfConfig from '../cdktf.json';
import { formatTiming, pairedRatio, timeCommands } from './measure';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const node = process.execPath;
const APP_BUDGET = 2.5;

const build = spawnSync('npm', ['run', '--silent', 'build:app'], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build:app failed: the app does not compile.');
// Synthesize into a scratch directory: the bench must not overwrite the cdktf.out a user is working with.
const outDir = mkdtempSync(join(tmpdir(), 'bench-synth-'));
process.env.CDKTF_OUTDIR = outDir;

try {
  const [floor, floorAsApp, app, appCommand, tsx, deep, barrel] = timeCommands(
    [
      { label: `node -e "require('cdktf')"`, command: node, args: ['-e', "require('cdktf')"] },
      {
        label: "require('cdktf') as the app loads it",
        command: node,
        args: ['-e', "require('./dist/app/lib/before-cdktf-loads'); require('cdktf')"],
      },
      { label: 'synth all stacks (node dist/app/main.js)', command: node, args: ['dist/app/main.js'] },
      { label: 'cdktf.json app (build check + app)', command: 'sh', args: ['-c', cdktfConfig.app] },
      { label: 'same app through tsx (node --import tsx)', command: node, args: ['--import', 'tsx', 'main.ts'] },
      {
        label: 'deep import (provider-aws/lib/vpc)',
        command: node,
        args: ['-e', "require('@cdktf/provider-aws/lib/vpc')"],
      },
      { label: 'barrel import (@cdktf/provider-aws)', command: node, args: ['-e', "require('@cdktf/provider-aws')"] },
    ],
    runs,
  );

  for (const timing of [floor, floorAsApp, app, appCommand, tsx, deep, barrel]) console.log(formatTiming(timing));
  // Each ratio pairs runs of the same round, then takes the median of those ratios.
  const ratio = pairedRatio(app, floor);
  console.log(
    `ratio synth / require('cdktf') = ${ratio.toFixed(2)} (budget ${APP_BUDGET}: ${ratio <= APP_BUDGET ? 'within' : 'OVER'})`,
  );
  // The app loads cdktf without archiver (lib/unused-archiver.ts); against cdktf loaded the same way:
  console.log(`ratio synth / require('cdktf') as the app loads it = ${pairedRatio(app, floorAsApp).toFixed(2)}`);
  console.log(`ratio app command / require('cdktf') = ${pairedRatio(appCommand, floor).toFixed(2)}`);
  console.log(`ratio tsx / require('cdktf')   = ${pairedRatio(tsx, floor).toFixed(2)}`);
  console.log(`ratio barrel / deep import     = ${pairedRatio(barrel, deep).toFixed(2)}`);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
