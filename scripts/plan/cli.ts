/** Entry point of `npm run plan`; see args.ts for the options. */
import { parsePlanArgs, PLAN_USAGE } from './args';
import { runPlan } from './run-plan';

function main(argv: string[]): number {
  if (argv.includes('--help')) {
    console.log(PLAN_USAGE);
    return 0;
  }
  const result = runPlan(parsePlanArgs(argv));
  console.log(result.summary);
  console.error(`Summary written to ${result.summaryFile}`);
  return result.outcomes.some((outcome) => outcome.status === 'failed') ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`plan: ${(error as Error).message}`);
  process.exitCode = 2;
}
