/** Command-line arguments of `npm run cost`. */
import { parseCommandLine } from '../lib/command-line';

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

/** Parses argv (without node and script); bad input throws an error naming the argument. */
export function parseCostArgs(argv: string[]): CostArgs {
  const { values, positionals } = parseCommandLine(argv, {
    options: {
      json: { type: 'string', value: 'path' },
      'plan-dir': { type: 'string', value: 'path' },
      'no-free-tier': { type: 'boolean' },
    },
    positionals: true,
    usage: COST_USAGE,
  });
  if (positionals.length > 1) throw new Error(`Expected one directory, got ${positionals.join(', ')}.`);
  return {
    dir: positionals[0] ?? 'cdktf.out',
    planDir: values['plan-dir'] ?? '.plan',
    freeTier: values['no-free-tier'] !== true,
    ...(values.json === undefined ? {} : { jsonFile: values.json }),
  };
}
