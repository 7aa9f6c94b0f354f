/** Command-line arguments of `npm run plan`. */

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

const OPTIONS_WITH_VALUE = new Set(['--compare', '--out-dir', '--plan-dir']);

/** Parses argv (without node and script); bad input throws an error naming the argument. */
export function parsePlanArgs(argv: string[]): PlanArgs {
  const args: PlanArgs = { stacks: [], offline: false, skipPlan: false, outDir: 'cdktf.out', planDir: '.plan' };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (OPTIONS_WITH_VALUE.has(arg)) {
      const value = argv[++index];
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a directory after it.`);
      if (arg === '--compare') args.compareDir = value;
      else if (arg === '--out-dir') args.outDir = value;
      else args.planDir = value;
    } else if (arg === '--offline') {
      args.offline = true;
    } else if (arg === '--no-plan') {
      args.skipPlan = true;
    } else if (arg.startsWith('-')) {
      throw new Error(`Unknown option ${arg}.\n\n${PLAN_USAGE}`);
    } else {
      args.stacks.push(arg);
    }
  }
  if (args.skipPlan && !args.compareDir) throw new Error('--no-plan only makes sense with --compare BASE_DIR.');
  return args;
}
