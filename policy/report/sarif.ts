import { relative, sep } from 'node:path';
import type { Log, ReportingDescriptor, Result as SarifResult } from 'sarif';
import type { StackReport } from '../engine';
import { type RuleInfo, relatedIds } from '../rule';
import { blockLines } from './locate';
import { relationLines } from './relation';

export const TOOL_NAME = 'shortlinks-policy';

/**
 * A rule as code-scanning UIs show it: the full description says what the rule checks and how it relates to
 * each public id it carries (same, stricter, laxer, not covered), so a reader of the id is not misled.
 */
function descriptor(rule: RuleInfo): ReportingDescriptor {
  const relation = relationLines(rule).map((line) => line.trim());
  return {
    id: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: [rule.title, ...relation].join(' ') },
    help: { text: [rule.title, '', ...relation].join('\n') },
    defaultConfiguration: { level: rule.severity },
    properties: {
      tags: ['security', rule.section, ...relatedIds(rule)],
      ...(rule.upstream ? { upstream: rule.upstream } : {}),
    },
  };
}

/** SARIF 2.1.0 for code-scanning UIs: one run, every rule described, exceptions as in-source suppressions. */
export function renderSarif(reports: readonly StackReport[], rules: readonly RuleInfo[], root = process.cwd()): Log {
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const results: SarifResult[] = reports.flatMap((report) => {
    const uri = relative(root, report.file).split(sep).join('/');
    const lines = blockLines(report.file);
    return report.results.map((r) => {
      const line = lines.get(r.address);
      return {
        ruleId: r.ruleId,
        ruleIndex: ruleIndex.get(r.ruleId),
        level: r.severity,
        message: { text: `${r.message} (${r.path})` },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri }, ...(line ? { region: { startLine: line } } : {}) },
            logicalLocations: [
              { name: r.address, fullyQualifiedName: `${report.stack}/${r.address}`, kind: 'resource' },
            ],
          },
        ],
        partialFingerprints: { policyFinding: `${report.stack}/${r.ruleId}/${r.address}` },
        ...(r.status === 'exception' ? { suppressions: [{ kind: 'inSource' as const, justification: r.reason }] } : {}),
      };
    });
  });
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{ tool: { driver: { name: TOOL_NAME, rules: rules.map(descriptor) } }, results }],
  };
}
