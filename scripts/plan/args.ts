/** Command-line arguments of `npm run plan`. */
import { parseCommandLine } from '../../lib/command-line';

export interface PlanArgs {
  /** Stack names to plan; empty means every synthesized stack. */
  stacks: string[];
  offline: boolean;
  /** The base branch's synthesized output (its cdktf.out), to list configuration changes against. */
  compareDir?: string;
  /** Only compare, run no Terraform. */
  skipPlan: boolean;
  outDir: string;
  planDir: string;
}

export const PLAN_USAGE = `Usage: npm run plan -- [options] [STACK...]

Plans every synthesized stack (or the STACKs named) and writes .plan/<stack>/plan.tfplan,
.plan/<stack>/plan.json and .plan/summary.md, then prints the summary.

Options:
  --offline           stub AWS credentials and a local backend: plans without an AWS account
  --compare BASE_DIR  also list resource configuration changes against BASE_DIR (the base branch's cdktf.out)
  --no-plan           run no Terraform; with --compare, summarise the configuration changes only
  --out-dir DIR       synthesized output to plan (default: cdktf.out)
  --plan-dir DIR      where plans and the summary go (default: .plan)
  --help              show this text`;

/** Parses argv (without node and script); bad input throws an error naming the argument. */
export function parsePlanArgs(argv: string[]): PlanArgs {
  const { values, positionals } = parseCommandLine(argv, {
    options: {
      offline: { type: 'boolean' },
      compare: { type: 'string', value: 'directory' },
      'no-plan': { type: 'boolean' },
      'out-dir': { type: 'string', value: 'directory' },
      'plan-dir': { type: 'string', value: 'directory' },
    },
    positionals: true,
    usage: PLAN_USAGE,
  });
  const args: PlanArgs = {
    stacks: positionals,
    offline: values.offline === true,
    skipPlan: values['no-plan'] === true,
    outDir: values['out-dir'] ?? 'cdktf.out',
    planDir: values['plan-dir'] ?? '.plan',
    ...(values.compare === undefined ? {} : { compareDir: values.compare }),
  };
  if (args.skipPlan && !args.compareDir) throw new Error('--no-plan only makes sense with --compare BASE_DIR.');
  return args;
}
