import type { Block, Located, StackModel } from './model/stack';

export type Severity = 'error' | 'warning';

/** The POLICY-RULES.md section a rule comes from, plus the checker's own rules. */
export type Section =
  'network' | 'ecs' | 'iam' | 'load-balancer' | 'edge' | 'api' | 'data' | 'operations' | 'references' | 'checker';

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

/**
 * A rule that looks at each block of some resource types on its own: `problems` returns what is wrong with
 * one block (nothing, one message, or several), and each becomes a violation at that block.
 */
export function blockRule(
  info: RuleInfo,
  types: readonly string[],
  problems: (block: Block, stack: StackModel) => string | string[] | undefined,
): Rule {
  return {
    ...info,
    check: (stack) =>
      stack.resources(...types).flatMap((block) => {
        const found = problems(block, stack);
        return (found === undefined ? [] : typeof found === 'string' ? [found] : found).map((message) => ({
          at: block,
          message,
        }));
      }),
  };
}

/** `blockRule` with a section's defaults (severity error): `ruleFor('api')('CKV_AWS_76', title, types, problems)`. */
export function ruleFor(section: Section) {
  return (
    id: string,
    title: string,
    types: readonly string[],
    problems: (block: Block, stack: StackModel) => string | string[] | undefined,
    related?: readonly string[],
  ): Rule => blockRule({ id, severity: 'error', section, title, ...(related ? { related } : {}) }, types, problems);
}
