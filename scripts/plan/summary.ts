/**
 * The Markdown plan summary a reviewer reads (printed, written to .plan/summary.md, posted on the pull
 * request): counts per stack, then what needs attention first (failed plans, destroyed or replaced
 * stateful resources, security-relevant changes), then every change by action. It shows addresses and
 * attribute names only, never values, so sensitive values cannot leak into a comment.
 */
import type { StackComparison } from './compare';
import { renderComparison } from './compare-summary';
import { type CostInput, renderCost } from './cost-summary';
import { code, codeList } from './markdown';
import type { PlanAction, PlannedChange } from './plan-json';
import { isSecurityRelevant, isStateful } from './resource-kinds';

export type StackOutcome =
  | { stack: string; status: 'planned'; changes: PlannedChange[]; notes: string[] }
  | { stack: string; status: 'failed'; error: string };

export interface SummaryInput {
  outcomes: StackOutcome[];
  /** Set for plans run with stub credentials and empty local state. */
  offline?: boolean;
  comparison?: StackComparison[];
  /** Monthly estimates of the head (and with --compare, the base) stacks. */
  cost?: CostInput;
  /** Stacks the run selected; the cost section shows only these (all when empty). */
  stacks?: string[];
}

/** Most dangerous first: the order of the per-stack lists. */
const ACTION_ORDER: PlanAction[] = ['delete', 'replace', 'update', 'create', 'forget'];
const COUNTED_ACTIONS: PlanAction[] = ['create', 'update', 'replace', 'delete'];
const ACTION_LABEL: Record<PlanAction, string> = {
  create: 'add',
  update: 'change',
  replace: 'replace',
  delete: 'destroy',
  forget: 'forget (removed from state, kept in AWS)',
};
const ERROR_LINES_SHOWN = 30;

type Planned = Extract<StackOutcome, { status: 'planned' }>;

function countOf(changes: PlannedChange[], action: PlanAction): number {
  return changes.filter((change) => change.action === action).length;
}

function detail(change: PlannedChange): string {
  if (change.replacePaths.length > 0) return ` (forced by ${codeList(change.replacePaths)})`;
  if (change.changedAttributes.length > 0) return `: ${codeList(change.changedAttributes)}`;
  return '';
}

function countsTable(outcomes: StackOutcome[]): string[] {
  const header = ['| Stack | Add | Change | Replace | Destroy |', '| --- | ---: | ---: | ---: | ---: |'];
  const rows = outcomes.map((outcome) =>
    outcome.status === 'failed'
      ? `| ${code(outcome.stack)} | ❌ plan failed | | | |`
      : `| ${code(outcome.stack)} | ${COUNTED_ACTIONS.map((action) => countOf(outcome.changes, action)).join(' | ')} |`,
  );
  return [...header, ...rows, ''];
}

function failures(outcomes: StackOutcome[]): string[] {
  const failed = outcomes.filter((outcome) => outcome.status === 'failed');
  if (failed.length === 0) return [];
  return [
    '### ❌ Failed plans',
    '',
    ...failed.flatMap((outcome) => [
      `${code(outcome.stack)}:`,
      '',
      '```text',
      ...outcome.error.trim().split('\n').slice(-ERROR_LINES_SHOWN),
      '```',
      '',
    ]),
  ];
}

/** A headed list of the changes in every planned stack that `include` picks; "None." when empty. */
function attentionSection(title: string, planned: Planned[], include: (change: PlannedChange) => boolean): string[] {
  const lines = planned.flatMap((outcome) =>
    outcome.changes
      .filter(include)
      .map(
        (change) =>
          `- ${code(outcome.stack)} **${ACTION_LABEL[change.action]}** ${code(change.address)}${detail(change)}`,
      ),
  );
  return [title, '', ...(lines.length > 0 ? lines : ['None.']), ''];
}

function stackSection(outcome: Planned): string[] {
  const heading = `### ${code(outcome.stack)}`;
  const notes = outcome.notes.flatMap((note) => [`> ${note}`, '']);
  if (outcome.changes.length === 0) return [heading, '', ...notes, 'No changes.', ''];
  const counts = COUNTED_ACTIONS.map((action) => `${countOf(outcome.changes, action)} to ${ACTION_LABEL[action]}`);
  const lists = ACTION_ORDER.flatMap((action) => {
    const changes = outcome.changes.filter((change) => change.action === action);
    if (changes.length === 0) return [];
    return [
      `**${ACTION_LABEL[action]}** (${changes.length})`,
      '',
      ...changes.map((change) => `- ${code(change.address)}${detail(change)}`),
      '',
    ];
  });
  // Collapsed: on a pull request the sections above are what needs reading; the full lists are for reference.
  return [heading, '', ...notes, `<details><summary>${counts.join(', ')}</summary>`, '', ...lists, '</details>', ''];
}

export function renderSummary(input: SummaryInput): string {
  const comparison = input.comparison ? renderComparison(input.comparison) : [];
  const cost = input.cost ? renderCost(input.cost, input.stacks) : [];
  if (input.outcomes.length === 0) {
    return finish([
      '## Terraform plan',
      '',
      '_No plan ran: configuration comparison only._',
      '',
      ...cost,
      ...comparison,
    ]);
  }
  const planned = input.outcomes.filter((outcome): outcome is Planned => outcome.status === 'planned');
  const destructive = (change: PlannedChange): boolean =>
    (change.action === 'delete' || change.action === 'replace') && isStateful(change.type);
  return finish([
    '## Terraform plan',
    '',
    ...(input.offline
      ? ['_Offline plan: stub credentials and an empty local state, so every resource shows as added._', '']
      : []),
    ...countsTable(input.outcomes),
    ...failures(input.outcomes),
    ...attentionSection('### ⚠ Destructive changes to stateful resources', planned, destructive),
    ...attentionSection('### 🔒 Security-relevant changes', planned, (change) => isSecurityRelevant(change.type)),
    ...cost,
    ...comparison,
    ...planned.flatMap(stackSection),
  ]);
}

function finish(lines: string[]): string {
  return `${lines.join('\n').trimEnd()}\n`;
}
