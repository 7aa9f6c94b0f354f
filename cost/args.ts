/** Command-line arguments of `npm run cost`. */

export interface CostArgs {
  /** A cdktf output directory, or one stack folder holding cdk.tf.json. */
  dir: string;
  /** Where the plan JSON of each stack may be (`<planDir>/<stack>/plan.json`); used when present. */
  planDir: string;
  jsonFile?: string;
  /** Subtract CloudWatch's always-free allowances per account (false with --no-free-tier). */
  freeTier: boolean;
}

export const COST_USAGE = `Usage: npm run cost -- [options] [DIR]

Prices every synthesized stack in DIR (default: cdktf.out) from the committed price table, offline and without
credentials, for two usage profiles: idle (health checks only) and the environment's traffic profile.
Prints a table per stack. Fails, naming the type, on a resource type that is neither priced nor declared free.
CloudWatch's always-free allowances (dashboards, alarm metrics, metrics, 5 GB of logs) are subtracted once per
AWS account, shared by the stacks in it in the order listed, each stack's share a negative line of its own.

Options:
  --json FILE       also write the estimate as JSON (totals at stacks.<name>.profiles.<idle|traffic>.totalUsd)
  --plan-dir DIR    read resources from DIR/<stack>/plan.json where a plan exists (default: .plan)
  --no-free-tier    price without the always-free allowances (for accounts whose other workloads use them up)
  --help            show this text`;

const OPTIONS_WITH_VALUE = new Set(['--json', '--plan-dir']);

/** Parses argv (without node and script); bad input throws an error naming the argument. */
export function parseCostArgs(argv: string[]): CostArgs {
  const args: CostArgs = { dir: 'cdktf.out', planDir: '.plan', freeTier: true };
  const positional: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (OPTIONS_WITH_VALUE.has(arg)) {
      const value = argv[++index];
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a path after it.`);
      if (arg === '--json') args.jsonFile = value;
      else args.planDir = value;
    } else if (arg === '--no-free-tier') {
      args.freeTier = false;
    } else if (arg.startsWith('-')) {
      throw new Error(`Unknown option ${arg}.\n\n${COST_USAGE}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length > 1) throw new Error(`Expected one directory, got ${positional.join(', ')}.`);
  if (positional.length === 1) args.dir = positional[0];
  return args;
}
