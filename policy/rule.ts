import type { Block, Located, StackModel } from './model/stack';

export type Severity = 'error' | 'warning';

/** The part of the policy a rule belongs to (a heading of policy/RULES.md), plus the checker's own rules. */
export type Section =
  'network' | 'ecs' | 'iam' | 'load-balancer' | 'edge' | 'api' | 'data' | 'operations' | 'references' | 'checker';

/**
 * One way a rule departs from the upstream check whose id it carries. A reader of the id expects the upstream
 * meaning, so every departure is deliberate and says why.
 */
export type Divergence =
  | { readonly kind: 'stricter'; readonly why: string }
  | { readonly kind: 'laxer'; readonly why: string }
  | { readonly kind: 'not-covered'; readonly types: readonly string[]; readonly why: string };

/** A public check id (Checkov `CKV_*`/`CKV2_*`, cdk-nag `AwsSolutions-*`) a rule answers for. */
export interface Upstream {
  /** The id as this checker reports it: Checkov's own, or `NAG-<rule>` for cdk-nag's `AwsSolutions-<rule>`. */
  readonly id: string;
  /** The upstream check's own name, which is what a reader of the id expects. */
  readonly means: string;
  /** How the rule differs from it; none means the same check on the resource types upstream covers. */
  readonly differs: readonly Divergence[];
}

export interface RuleInfo {
  /** The public check id (Checkov CKV_*, cdk-nag NAG-*) or a CUSTOM_/POLICY_/REF_ id for the project's own. */
  readonly id: string;
  readonly severity: Severity;
  readonly section: Section;
  /** One line: what the rule demands and why. */
  readonly title: string;
  /**
   * The public ids the rule answers for, its own first: empty for a CUSTOM_/POLICY_/REF_ rule, which checks
   * something no public id means.
   */
  readonly upstream?: readonly Upstream[];
}

/** Ids of the project's own rules: no public check means what they check. */
export const PROJECT_ID = /^(CUSTOM|POLICY|REF)_/;

/** The other public ids a rule answers for, besides its own. */
export function relatedIds(rule: RuleInfo): string[] {
  return (rule.upstream ?? []).map((u) => u.id).filter((id) => id !== rule.id);
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

/**
 * `blockRule` with a section's defaults (severity error):
 * `ruleFor('api')('CKV_AWS_76', title, types, problems, [checkov('CKV_AWS_76', means)])`.
 */
export function ruleFor(section: Section) {
  return (
    id: string,
    title: string,
    types: readonly string[],
    problems: (block: Block, stack: StackModel) => string | string[] | undefined,
    upstream?: readonly Upstream[],
  ): Rule => blockRule({ id, severity: 'error', section, title, ...(upstream ? { upstream } : {}) }, types, problems);
}

/** An upstream id with its meaning and how this rule differs (nothing: the same check). */
export function upstream(id: string, means: string, ...differs: Divergence[]): Upstream {
  return { id, means, differs };
}

export const stricter = (why: string): Divergence => ({ kind: 'stricter', why });
export const laxer = (why: string): Divergence => ({ kind: 'laxer', why });
export const notCovered = (types: readonly string[], why: string): Divergence => ({ kind: 'not-covered', types, why });

/** The relation of one upstream id in a word or two: `same`, `stricter`, `laxer`, `stricter, not covered`... */
export function relationOf(entry: Upstream): string {
  if (entry.differs.length === 0) return 'same';
  const kinds = ['stricter', 'laxer', 'not-covered'].filter((kind) => entry.differs.some((d) => d.kind === kind));
  return kinds.map((kind) => kind.replace('-', ' ')).join(', ');
}

/** A divergence as one sentence: `stricter: why`, `not covered: aws_elb (why)`. */
export function describeDivergence(divergence: Divergence): string {
  return divergence.kind === 'not-covered'
    ? `not covered: ${divergence.types.join(', ')} (${divergence.why})`
    : `${divergence.kind}: ${divergence.why}`;
}
