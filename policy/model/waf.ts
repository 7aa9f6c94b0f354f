import { type Body, blocks, firstBlock, isObject } from '../../lib/terraform-json/attributes';
import { decodeDocument } from '../../lib/terraform-json/document';
import type { Block } from './stack';

/** A web ACL or rule group rule, read from `rule` blocks or from the API-shaped `rule_json` document. */
export interface WafRule {
  name: string;
  /** A rule with no statement matches nothing: an empty `rule {}` is not a rule. */
  hasStatement: boolean;
  /** `action` or `override_action` with a body (`action {}` decides nothing). */
  hasAction: boolean;
  managedRuleGroup: string | undefined;
  /** The managed group's own actions are turned into counts (`override_action { count {} }`). */
  countsOnly: boolean;
  /** Rules of the managed group whose action is overridden (`rule_action_override`), by name: the action kept. */
  actionOverrides: Map<string, string>;
  /** Rules of the managed group excluded (`excluded_rule`, the AWS provider 4 spelling of a count override). */
  excludedRules: string[];
  rateBased: boolean;
}

/** The first key of a non-empty block: `{ count: {} }` → `count`. */
function chosen(value: unknown): string | undefined {
  const block = firstBlock(value);
  return block ? Object.keys(block)[0]?.toLowerCase() : undefined;
}

function fromBlock(rule: Body): WafRule {
  const statement = firstBlock(rule.statement);
  const managed = firstBlock(statement?.managed_rule_group_statement);
  return {
    name: String(rule.name),
    hasStatement: statement !== undefined && Object.keys(statement).length > 0,
    hasAction: chosen(rule.action) !== undefined || chosen(rule.override_action) !== undefined,
    managedRuleGroup: managed?.name as string | undefined,
    countsOnly: chosen(rule.override_action) === 'count',
    actionOverrides: new Map(
      blocks(managed?.rule_action_override).map((o) => [String(o.name), chosen(o.action_to_use) ?? 'none']),
    ),
    excludedRules: blocks(managed?.excluded_rule).map((e) => String(e.name)),
    rateBased: firstBlock(statement?.rate_based_statement) !== undefined,
  };
}

function fromJson(rule: Body): WafRule {
  const statement = isObject(rule.Statement) ? rule.Statement : undefined;
  const managed = isObject(statement?.ManagedRuleGroupStatement) ? statement.ManagedRuleGroupStatement : undefined;
  return {
    name: String(rule.Name),
    hasStatement: statement !== undefined && Object.keys(statement).length > 0,
    hasAction: chosen(rule.Action) !== undefined || chosen(rule.OverrideAction) !== undefined,
    managedRuleGroup: managed?.Name as string | undefined,
    countsOnly: chosen(rule.OverrideAction) === 'count',
    actionOverrides: new Map(
      blocks(managed?.RuleActionOverrides).map((o) => [String(o.Name), chosen(o.ActionToUse) ?? 'none']),
    ),
    excludedRules: blocks(managed?.ExcludedRules).map((e) => String(e.Name)),
    rateBased: isObject(statement?.RateBasedStatement),
  };
}

/** The rules of an `aws_wafv2_web_acl` or `aws_wafv2_rule_group`, whichever way they are written. */
export function webAclRules(acl: Block): WafRule[] {
  const json = decodeDocument(acl.body.rule_json);
  const fromRuleJson =
    json.kind === 'value' && Array.isArray(json.value) ? json.value.filter(isObject).map(fromJson) : [];
  return [...blocks(acl.body.rule).map(fromBlock), ...fromRuleJson];
}

/**
 * Why a managed rule group's rule does not block what it matches: the group only counts, or that rule is
 * excluded or overridden to another action. Undefined when it blocks.
 */
export function notBlocking(rule: WafRule, name: string): string | undefined {
  if (rule.countsOnly) return `rule ${rule.name} runs ${rule.managedRuleGroup} in count mode (override_action count)`;
  if (rule.excludedRules.includes(name)) return `rule ${rule.name} excludes ${name} from ${rule.managedRuleGroup}`;
  const override = rule.actionOverrides.get(name);
  return override !== undefined && override !== 'block'
    ? `rule ${rule.name} overrides ${name} of ${rule.managedRuleGroup} to ${override}`
    : undefined;
}
