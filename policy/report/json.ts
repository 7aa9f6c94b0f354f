import type { StackReport, Summary } from '../engine';
import { type RuleInfo, type Upstream, relatedIds } from '../rule';

export interface JsonRule {
  id: string;
  severity: RuleInfo['severity'];
  section: RuleInfo['section'];
  title: string;
  related?: string[];
  upstream?: Upstream[];
}

export interface JsonReport {
  rules: JsonRule[];
  stacks: StackReport[];
  summary: Summary;
}

export function renderJson(reports: readonly StackReport[], summary: Summary, rules: readonly RuleInfo[]): JsonReport {
  return {
    rules: rules.map((rule) => {
      const related = relatedIds(rule);
      return {
        id: rule.id,
        severity: rule.severity,
        section: rule.section,
        title: rule.title,
        ...(related.length ? { related } : {}),
        ...(rule.upstream ? { upstream: [...rule.upstream] } : {}),
      };
    }),
    stacks: [...reports],
    summary,
  };
}
