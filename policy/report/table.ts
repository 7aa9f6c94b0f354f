import type { Result, StackReport, Summary } from '../engine';
import { type RuleInfo, describeDivergence, relatedIds, relationOf } from '../rule';
import { relationCell } from './relation';

const STATUS_LABEL = (r: Result) => (r.status === 'exception' ? 'EXCEPTION' : r.severity === 'error' ? 'FAIL' : 'WARN');
const ORDER = ['FAIL', 'WARN', 'EXCEPTION'];

function pad(text: string, width: number): string {
  return text.padEnd(width);
}

function stackTable(report: StackReport): string[] {
  const counts = ORDER.map(
    (label) => `${report.results.filter((r) => STATUS_LABEL(r) === label).length} ${label.toLowerCase()}`,
  );
  const header = `${report.stack} — ${report.file} (production: ${report.production ? 'yes' : 'no'}): ${counts.join(', ')}`;
  if (report.results.length === 0) return [header, '  every rule passes', ''];
  const rows = [...report.results].sort((a, b) => ORDER.indexOf(STATUS_LABEL(a)) - ORDER.indexOf(STATUS_LABEL(b)));
  const columns = [
    ['STATUS', ...rows.map(STATUS_LABEL)],
    ['SEVERITY', ...rows.map((r) => r.severity)],
    ['RULE', ...rows.map((r) => r.ruleId)],
    ['ADDRESS', ...rows.map((r) => r.address)],
  ];
  const widths = columns.map((column) => Math.max(...column.map((cell) => cell.length)));
  const line = (cells: string[], message: string) =>
    `  ${cells.map((c, i) => pad(c, widths[i])).join('  ')}  ${message}`;
  const indent = ' '.repeat(2 + widths.slice(0, 3).reduce((sum, w) => sum + w + 2, 0));
  return [
    header,
    line(['STATUS', 'SEVERITY', 'RULE', 'ADDRESS'], 'MESSAGE'),
    ...rows.flatMap((r, i) => [
      line([columns[0][i + 1], columns[1][i + 1], columns[2][i + 1], columns[3][i + 1]], r.message),
      `${indent}└ ${r.path}${r.reason ? `   reason: ${r.reason}` : ''}`,
    ]),
    '',
  ];
}

/** Findings grouped by stack, one aligned table each, then the totals. */
export function renderTable(reports: readonly StackReport[], summary: Summary, ruleCount: number): string {
  const verdict = summary.failures > 0 ? 'FAILED' : 'PASSED';
  return [
    ...reports.flatMap(stackTable),
    `${verdict}: ${summary.stacks} stack(s) against ${ruleCount} rules — ${summary.failures} failure(s), ${summary.warnings} warning(s), ${summary.exceptions} exception(s)`,
  ].join('\n');
}

/**
 * Every rule, one line each (id, severity, section, relation to its public ids, title), with an indented line
 * for each way it differs from an upstream check: what `npm run check -- --rules` prints.
 */
export function renderRuleList(rules: readonly RuleInfo[]): string {
  const rows = rules.map((r) => ({ rule: r, relation: relationCell(r) }));
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  const relationWidth = Math.max('UPSTREAM'.length, ...rows.map((row) => Math.min(row.relation.length, 24)));
  const header = `${'RULE'.padEnd(idWidth)}  SEVERITY  ${'SECTION'.padEnd(13)}  ${'UPSTREAM'.padEnd(relationWidth)}  TITLE`;
  return [
    header,
    ...rows.flatMap(({ rule, relation }) => {
      const related = relatedIds(rule);
      const also = related.length ? ` (also ${related.join(', ')})` : '';
      const cell = relation.length > relationWidth ? 'see below' : relation;
      return [
        `${rule.id.padEnd(idWidth)}  ${rule.severity.padEnd(8)}  ${rule.section.padEnd(13)}  ${cell.padEnd(relationWidth)}  ${rule.title}${also}`,
        ...(rule.upstream?.length === 1
          ? rule.upstream[0].differs.map((d) => `    ${describeDivergence(d)}`)
          : (rule.upstream ?? []).flatMap((entry) => [
              `    ${entry.id}: ${relationOf(entry)}`,
              ...entry.differs.map((d) => `      ${describeDivergence(d)}`),
            ])),
      ];
    }),
  ].join('\n');
}
