import { PROJECT_ID, type RuleInfo, type Upstream, describeDivergence, relationOf } from '../rule';

/** Where a public id comes from, for a reader who wants to look it up. */
export function sourceOf(entry: Upstream): string {
  return entry.id.startsWith('NAG-') ? 'cdk-nag' : 'Checkov';
}

/** One rule's relation to the public ids it carries, in one short cell: `same`, `CKV2_AWS_6 stricter; ...`. */
export function relationCell(rule: RuleInfo): string {
  const entries = rule.upstream ?? [];
  if (entries.length === 0) return PROJECT_ID.test(rule.id) ? 'custom' : 'UNDECLARED';
  if (entries.length === 1) return relationOf(entries[0]);
  return entries.map((entry) => `${entry.id} ${relationOf(entry)}`).join('; ');
}

/** Each public id with what it means upstream and every way the rule differs: one sentence per line. */
export function relationLines(rule: RuleInfo): string[] {
  const entries = rule.upstream ?? [];
  if (entries.length === 0) return ['Project rule: no public check id means what it checks.'];
  return entries.flatMap((entry) => [
    `${entry.id} (${sourceOf(entry)}: "${entry.means}"): ${relationOf(entry)}.`,
    ...entry.differs.map((divergence) => `  ${describeDivergence(divergence)}`),
  ]);
}
