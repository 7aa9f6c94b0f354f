/**
 * The "monthly cost estimate" section of the plan summary: each environment's idle and traffic totals from
 * `npm run cost`'s model, and with --compare the change against the base branch's synthesized stacks, priced
 * with the same (head's) price table so only the infrastructure differs. The largest component changes
 * follow, so a reviewer sees why a total moved.
 */
import { estimateDir, type StackEstimate } from '../../cost/estimate';
import { formatUsd, rowsOf } from '../../cost/report';
import type { ProfileName } from '../../cost/usage';
import { code } from './markdown';

export type CostResult = { ok: true; estimates: StackEstimate[] } | { ok: false; error: string };

export interface CostInput {
  head: CostResult;
  /** Present with --compare: the base branch's stacks. */
  base?: CostResult;
}

/** Component changes smaller than this (USD a month) are not listed; the totals still include them. */
const NOTABLE_CHANGE_USD = 0.5;
const CHANGES_SHOWN_PER_STACK = 6;

/** Prices a cdktf output directory for the summary; a failure (say, an unpriced type) becomes the section's text. */
export function estimateForSummary(dir: string, planDir?: string): CostResult {
  try {
    return { ok: true, estimates: estimateDir(dir, planDir ? { planDir } : {}) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function signedUsd(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  if (rounded === 0) return '±$0.00';
  return `${rounded > 0 ? '+' : '−'}${formatUsd(Math.abs(rounded))}`;
}

function change(base: number | undefined, head: number | undefined): string {
  if (base === undefined) return 'new stack';
  if (head === undefined) return `${signedUsd(-base)} (removed)`;
  const delta = head - base;
  const percent =
    base > 0 && Math.abs(delta) >= 0.005
      ? ` (${delta > 0 ? '+' : '−'}${Math.abs((delta / base) * 100).toFixed(1)}%)`
      : '';
  return `${signedUsd(delta)}${percent}`;
}

const total = (estimate: StackEstimate | undefined, profile: ProfileName) => estimate?.profiles[profile].totalUsd;
const usd = (value: number | undefined) => (value === undefined ? '—' : formatUsd(value));

function componentCosts(estimate: StackEstimate | undefined): Map<string, number> {
  return new Map((estimate ? rowsOf(estimate) : []).map((row) => [row.component, row.usd.idle]));
}

function notableChanges(name: string, base: StackEstimate | undefined, head: StackEstimate | undefined): string[] {
  const before = componentCosts(base);
  const after = componentCosts(head);
  return [...new Set([...before.keys(), ...after.keys()])]
    .map((component) => ({ component, from: before.get(component) ?? 0, to: after.get(component) ?? 0 }))
    .filter(({ from, to }) => Math.abs(to - from) >= NOTABLE_CHANGE_USD)
    .sort((a, b) => Math.abs(b.to - b.from) - Math.abs(a.to - a.from))
    .slice(0, CHANGES_SHOWN_PER_STACK)
    .map(
      ({ component, from, to }) =>
        `- ${code(name)} ${component}: ${formatUsd(from)} → ${formatUsd(to)} (${signedUsd(to - from)})`,
    );
}

/** The section's lines; `stacks` limits it to the stacks a plan selected (all when empty). */
export function renderCost(cost: CostInput, stacks: string[] = []): string[] {
  const heading = ['### 💰 Monthly cost estimate', ''];
  if (!cost.head.ok) return [...heading, `❌ The estimate failed: ${cost.head.error}`, ''];
  const keep = (estimate: StackEstimate) => stacks.length === 0 || stacks.includes(estimate.stack);
  const head = new Map(cost.head.estimates.filter(keep).map((estimate) => [estimate.stack, estimate]));
  const explain = [
    "List prices from `cost/price-table.ts`, 730 hours a month, less CloudWatch's always-free allowances once per",
    'AWS account (`npm run cost` itemizes every line and each allowance). Idle: health checks only; traffic: the',
    "environment's traffic profile from config.",
    '',
  ];
  if (!cost.base) {
    return [
      ...heading,
      ...explain,
      '| Stack | Idle USD/month | Traffic USD/month |',
      '| --- | ---: | ---: |',
      ...[...head.values()].map(
        (estimate) =>
          `| ${code(estimate.stack)} | ${usd(total(estimate, 'idle'))} | ${usd(total(estimate, 'traffic'))} |`,
      ),
      '',
    ];
  }
  if (!cost.base.ok) {
    return [...renderCost({ head: cost.head }, stacks), `The base branch could not be priced: ${cost.base.error}`, ''];
  }
  const base = new Map(cost.base.estimates.filter(keep).map((estimate) => [estimate.stack, estimate]));
  const names = [...head.keys(), ...[...base.keys()].filter((name) => !head.has(name))];
  const column = (name: string, profile: ProfileName) => {
    const [from, to] = [total(base.get(name), profile), total(head.get(name), profile)];
    return `${usd(from)} → ${usd(to)} | ${change(from, to)}`;
  };
  const changes = names.flatMap((name) => notableChanges(name, base.get(name), head.get(name)));
  return [
    ...heading,
    ...explain,
    '| Stack | Idle USD/month (base → head) | Idle change | Traffic USD/month (base → head) | Traffic change |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...names.map((name) => `| ${code(name)} | ${column(name, 'idle')} | ${column(name, 'traffic')} |`),
    '',
    ...(changes.length > 0
      ? [`Largest idle changes (at least ${formatUsd(NOTABLE_CHANGE_USD)} a month):`, '', ...changes, '']
      : ['No component changes by more than $0.50 a month when idle.', '']),
  ];
}
