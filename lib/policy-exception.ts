import type { TerraformResource } from 'cdktf';
import { COMMENT_KEY, EXCEPTIONS_KEY, RULE_ID_PATTERN } from './policy-markers';

const declared = new WeakMap<object, Set<string>>();

/**
 * Declares, next to the code that makes a resource, that one policy rule does not apply to it and why.
 * The note lands in the block's `//` comment (Terraform ignores it); the checker then reports the matching
 * finding as an exception with this reason, and reports the exception itself once nothing matches it.
 * Several rules may be excepted on one resource; the same rule twice is a mistake and throws.
 *
 * Resources only: cdktf 0.21 rewrites a data source's `//` comment at synth, dropping any note in it. No rule
 * reports at a data source anyway; findings about an `aws_iam_policy_document` point at the resource using it.
 */
export function addPolicyException(element: TerraformResource, ruleId: string, reason: string): void {
  const where = element.node.path;
  if (!RULE_ID_PATTERN.test(ruleId)) {
    throw new Error(`Policy exception on ${where}: rule id "${ruleId}" must match ${RULE_ID_PATTERN}.`);
  }
  if (reason.trim().length === 0) {
    throw new Error(`Policy exception ${ruleId} on ${where}: the reason is empty; say why the rule does not apply.`);
  }
  const rules = declared.get(element) ?? new Set<string>();
  if (rules.has(ruleId)) {
    throw new Error(`Policy exception ${ruleId} on ${where} is declared twice; keep one, with one reason.`);
  }
  rules.add(ruleId);
  declared.set(element, rules);
  element.addOverride(`${COMMENT_KEY}.${EXCEPTIONS_KEY}.${ruleId}`, reason.trim());
}
