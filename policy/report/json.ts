import type { StackReport, Summary } from '../engine';
import type { RuleInfo } from '../rule';

export interface JsonReport {
  rules: RuleInfo[];
  stacks: StackReport[];
  summary: Summary;
}

export function renderJson(reports: readonly StackReport[], summary: Summary, rules: readonly RuleInfo[]): JsonReport {
  return {
    rules: rules.map(({ id, severity, section, title, related }) => ({
      id,
      severity,
      section,
      title,
      ...(related ? { related: [...related] } : {}),
    })),
    stacks: [...reports],
    summary,
  };
}
