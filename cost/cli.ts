/** Entry point of `npm run cost`; see args.ts for the options. */
import { writeFileSync } from 'node:fs';
import { commandEntry } from '../lib/command-line';
import { COST_USAGE, parseCostArgs } from './args';
import { estimateDir } from './estimate';
import { renderJson, renderText } from './report';

/** Runs `npm run cost ARGV`; returns the exit code (1: bad arguments or an unpriced type). */
export const costCli = commandEntry('cost', 1, (argv, output) => {
  if (argv.includes('--help')) {
    output.log(COST_USAGE);
    return 0;
  }
  const args = parseCostArgs(argv);
  const estimates = estimateDir(args.dir, { planDir: args.planDir, freeTier: args.freeTier });
  output.log(renderText(estimates, { freeTier: args.freeTier }).replace(/\n$/, ''));
  if (args.jsonFile) {
    writeFileSync(args.jsonFile, renderJson(estimates, { freeTier: args.freeTier }));
    output.error(`Estimate written to ${args.jsonFile}`);
  }
  return 0;
});

if (require.main === module) process.exitCode = costCli(process.argv.slice(2));
