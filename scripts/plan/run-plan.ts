/** `npm run plan`: plans the selected stacks, compares with a base branch if asked, writes the summary. */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SynthesizedStack } from '../../lib/terraform-json/output-dir';
import { listStacks, providerTerraformEnv } from '../terraform';
import type { PlanArgs } from './args';
import { compareSynthesized } from './compare';
import { estimateForSummary } from './cost-summary';
import { planPaths, planStack } from './plan-stack';
import { writePlanRun } from './plan-run';
import { renderSummary, type StackOutcome } from './summary';

export interface PlanResult {
  summary: string;
  summaryFile: string;
  outcomes: StackOutcome[];
}

function selectStacks(all: SynthesizedStack[], names: string[]): SynthesizedStack[] {
  if (names.length === 0) return all;
  const known = new Set(all.map((stack) => stack.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(`Unknown stack(s): ${unknown.join(', ')}. Synthesized stacks: ${[...known].join(', ')}.`);
  }
  return all.filter((stack) => names.includes(stack.name));
}

/** Files of a plan run outside the stack directories; see planPaths for those inside. */
const RUN_FILES = ['summary.md', 'plan-run.json', 'terraform.rc'];

/**
 * Removes what an earlier run wrote (so nothing stale can be applied), and only that: the plan directory
 * is a command-line argument, and a mistyped one must not lose anyone's files. The provider cache stays.
 */
function clearEarlierRun(planDir: string): void {
  mkdirSync(planDir, { recursive: true });
  for (const entry of readdirSync(planDir)) {
    const paths = planPaths(planDir, entry);
    const isStackOutput = [paths.workDir, paths.planFile, paths.planJsonFile].some((path) => existsSync(path));
    if (RUN_FILES.includes(entry) || isStackOutput) rmSync(join(planDir, entry), { recursive: true, force: true });
  }
}

export function runPlan(args: PlanArgs, log: (line: string) => void = console.error): PlanResult {
  const planDir = resolve(args.planDir);
  const stacks = selectStacks(listStacks(args.outDir), args.stacks);
  if (args.compareDir !== undefined && !existsSync(args.compareDir)) {
    throw new Error(`--compare: base directory ${args.compareDir} does not exist.`);
  }
  const selected = new Set(stacks.map((stack) => stack.name));
  const comparison = args.compareDir
    ? compareSynthesized(args.compareDir, args.outDir).filter(
        (entry) => args.stacks.length === 0 || selected.has(entry.stack),
      )
    : undefined;

  clearEarlierRun(planDir);
  const outcomes: StackOutcome[] = [];
  if (!args.skipPlan) {
    const env = providerTerraformEnv(planDir);
    for (const stack of stacks) {
      const started = Date.now();
      const outcome = planStack(stack, { planDir, offline: args.offline, env });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      log(`${outcome.status === 'planned' ? 'planned' : 'FAILED '} ${stack.name} (${seconds} s)`);
      outcomes.push(outcome);
    }
    const planned = outcomes.filter((outcome) => outcome.status === 'planned').map((outcome) => outcome.stack);
    writePlanRun(planDir, { offline: args.offline, stacks: planned });
  }

  // Priced after planning, so each planned stack is priced from its plan.json; the base from its synthesis.
  const cost = {
    head: estimateForSummary(args.outDir, args.skipPlan ? undefined : planDir),
    ...(args.compareDir ? { base: estimateForSummary(args.compareDir) } : {}),
  };
  const summary = renderSummary({
    outcomes,
    offline: args.offline && !args.skipPlan,
    comparison,
    cost,
    stacks: args.stacks,
  });
  const summaryFile = join(planDir, 'summary.md');
  writeFileSync(summaryFile, summary);
  return { summary, summaryFile, outcomes };
}
