/**
 * The record of the latest `npm run plan` (`.plan/plan-run.json`): which stacks it planned, in apply
 * order, and whether offline. `npm run plan:apply` applies exactly these, never a plan left from an
 * earlier run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PlanRun {
  offline: boolean;
  /** Stacks whose plan succeeded, in apply order. */
  stacks: string[];
}

const PLAN_RUN_FILE = 'plan-run.json';

export function writePlanRun(planDir: string, run: PlanRun): void {
  writeFileSync(join(planDir, PLAN_RUN_FILE), `${JSON.stringify(run, null, 2)}\n`);
}

export function readPlanRun(planDir: string): PlanRun {
  const file = join(planDir, PLAN_RUN_FILE);
  if (!existsSync(file)) throw new Error(`No plan run recorded in ${file}: run \`npm run plan\` first.`);
  const run = JSON.parse(readFileSync(file, 'utf8')) as Partial<PlanRun>;
  if (typeof run.offline !== 'boolean' || !Array.isArray(run.stacks)) {
    throw new Error(`${file} must hold {"offline": boolean, "stacks": [names]}.`);
  }
  return run as PlanRun;
}
