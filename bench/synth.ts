/**
 * `npm run bench:synth`: how long the app takes to synthesize every stack, against the floor of loading
 * cdktf at all. The ratio shows what our own code and the provider classes cost on top of cdktf; the
 * barrel-import line shows what one import of the provider package's root would add to every process.
 */
import { formatTiming, timeCommand } from './measure';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const node = process.execPath;

const floor = timeCommand(`node -e "require('cdktf')"`, node, ['-e', "require('cdktf')"], runs);
const synth = timeCommand('synth all stacks (node --import tsx main.ts)', node, ['--import', 'tsx', 'main.ts'], runs);
const deep = timeCommand(
  'deep import (provider-aws/lib/vpc)',
  node,
  ['-e', "require('@cdktf/provider-aws/lib/vpc')"],
  runs,
);
const barrel = timeCommand('barrel import (@cdktf/provider-aws)', node, ['-e', "require('@cdktf/provider-aws')"], runs);

for (const timing of [floor, synth, deep, barrel]) console.log(formatTiming(timing));
console.log(`ratio synth / require('cdktf') = ${(synth.medianMs / floor.medianMs).toFixed(2)}`);
console.log(`ratio barrel / deep import     = ${(barrel.medianMs / deep.medianMs).toFixed(2)}`);
