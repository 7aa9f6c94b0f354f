/** Entry point of `npm run plan`; see args.ts for the options. */
import { commandEntry } from '../../lib/command-line';
import { parsePlanArgs, PLAN_USAGE } from './args';
import { runPlan } from './run-plan';

/** Runs `npm run plan ARGV`; returns the exit code (1: a stack failed to plan; 2: bad arguments or input). */
export const planCli = commandEntry('plan', 2, (argv, output) => {
  if (argv.includes('--help')) {
    output.log(PLAN_USAGE);
    return 0;
  }
  const result = runPlan(parsePlanArgs(argv), (line) => output.error(line));
  output.log(result.summary);
  output.error(`Summary written to ${result.summaryFile}`);
  return result.outcomes.some((outcome) => outcome.status === 'failed') ? 1 : 0;
});

if (require.main === module) process.exitCode = planCli(process.argv.slice(2));
