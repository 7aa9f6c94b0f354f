/** Entry point of `npm run plan`; see args.ts for the options. */
import { parsePlanArgs, PLAN_USAGE } from './args';
import { runPlan } from './run-plan';

/** Runs `npm run plan ARGV`, printing to `output`; returns the exit code (2: bad arguments or input). */
export function planCli(argv: string[], output: Pick<Console, 'log' | 'error'> = console): number {
  try {
    if (argv.includes('--help')) {
      output.log(PLAN_USAGE);
      return 0;
    }
    const result = runPlan(parsePlanArgs(argv), (line) => output.error(line));
    output.log(result.summary);
    output.error(`Summary written to ${result.summaryFile}`);
    return result.outcomes.some((outcome) => outcome.status === 'failed') ? 1 : 0;
  } catch (error) {
    output.error(`plan: ${(error as Error).message}`);
    return 2;
  }
}

if (require.main === module) process.exitCode = planCli(process.argv.slice(2));
