import type { Located, StackModel } from './model/stack';

export type Severity = 'error' | 'warning';

/** The POLICY-RULES.md section a rule comes from, plus the checker's own rules. */
export type Section = 'network' | 'ecs' | 'iam' | 'load-balancer' | 'edge' | 'api' | 'data' | 'references' | 'checker';

export interface RuleInfo {
  /** The public check id (Checkov CKV_*, cdk-nag NAG-*) or a CUSTOM_/POLICY_/REF_ id for the project's own. */
  readonly id: string;
  readonly severity: Severity;
  readonly section: Section;
  /** One line: what the rule demands and why. */
  readonly title: string;
  /** Other public ids the same check answers for. */
  readonly related?: readonly string[];
}

/** One place that breaks a rule, and what exactly is wrong there. */
export interface Violation {
  readonly at: Located;
  readonly message: string;
}

export interface Rule extends RuleInfo {
  check(stack: StackModel): Violation[];
}
