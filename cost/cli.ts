/** Entry point of `npm run cost`; see args.ts for the options. */
import { writeFileSync } from 'node:fs';
import { COST_USAGE, parseCostArgs } from './args';
import { estimateDir } from './estimate';
import { renderJson, renderText } from './report';

function main(argv: string[]): number {
  if (argv.includes('--help')) {
    console.log(COST_USAGE);
    return 0;
  }
  const args = parseCostArgs(argv);
  const estimates = estimateDir(args.dir, { planDir: args.planDir, freeTier: args.freeTier });
  process.stdout.write(renderText(estimates, { freeTier: args.freeTier }));
  if (args.jsonFile) {
    writeFileSync(args.jsonFile, renderJson(estimates, { freeTier: args.freeTier }));
    console.error(`Estimate written to ${args.jsonFile}`);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`cost: ${(error as Error).message}`);
  process.exitCode = 1;
}
