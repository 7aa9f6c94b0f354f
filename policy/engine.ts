import type { Located, StackModel } from './model/stack';
import type { Rule, RuleInfo, Severity } from './rule';

export const STALE_EXCEPTION: RuleInfo = {
  id: 'POLICY_STALE_EXCEPTION',
  severity: 'error',
  section: 'checker',
  title: 'Every declared policy exception still matches a finding; remove the ones that no longer do.',
};

export type Status = 'fail' | 'exception';

export interface Result {
  ruleId: string;
  severity: Severity;
  status: Status;
  address: string;
  path: string;
  message: string;
  /** The written reason, for a finding an exception covers. */
  reason?: string;
}

export interface StackReport {
  stack: string;
  file: string;
  production: boolean;
  results: Result[];
}

function result(rule: RuleInfo, at: Located, message: string): Result {
  return { ruleId: rule.id, severity: rule.severity, status: 'fail', address: at.address, path: at.path, message };
}

/**
 * Applies the rules to one stack, then its exceptions: a finding whose block declares an exception for its
 * rule is reported as an exception with the reason; an exception that covers no finding is a finding.
 */
export function checkStack(stack: StackModel, rules: readonly Rule[]): StackReport {
  const results: Result[] = rules.flatMap((rule) => {
    try {
      return rule.check(stack).map(({ at, message }) => {
        const reason = at.exceptions.get(rule.id);
        return reason === undefined
          ? result(rule, at, message)
          : { ...result(rule, at, message), status: 'exception' as const, reason };
      });
    } catch (error) {
      throw new Error(`Rule ${rule.id} failed on stack ${stack.name} (${stack.file}): ${(error as Error).message}`, {
        cause: error,
      });
    }
  });
  const known = new Set(rules.map((rule) => rule.id));
  for (const block of stack.blocks) {
    for (const [ruleId, reason] of block.exceptions) {
      if (results.some((r) => r.ruleId === ruleId && r.address === block.address)) continue;
      const why = known.has(ruleId) ? 'no longer matches any finding' : 'names a rule the checker does not have';
      results.push(result(STALE_EXCEPTION, block, `exception ${ruleId} ("${reason}") ${why}; remove it`));
    }
  }
  return { stack: stack.name, file: stack.file, production: stack.production, results };
}

export interface Summary {
  stacks: number;
  failures: number;
  warnings: number;
  exceptions: number;
}

export function summarize(reports: readonly StackReport[]): Summary {
  const all = reports.flatMap((r) => r.results);
  return {
    stacks: reports.length,
    failures: all.filter((r) => r.status === 'fail' && r.severity === 'error').length,
    warnings: all.filter((r) => r.status === 'fail' && r.severity === 'warning').length,
    exceptions: all.filter((r) => r.status === 'exception').length,
  };
}
