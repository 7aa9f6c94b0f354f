import { type Body, at, blocks, firstBlock, isObject } from '../../lib/terraform-json/attributes';
import { decodeDocument } from '../../lib/terraform-json/document';
import type { Block } from './stack';

/** A web ACL rule, read from `rule` blocks or from the API-shaped `rule_json` document. */
export interface WafRule {
  name: string;
  hasAction: boolean;
  managedRuleGroup: string | undefined;
  rateBased: boolean;
}

function fromBlock(rule: Body): WafRule {
  const statement = firstBlock(rule.statement);
  return {
    name: String(rule.name),
    hasAction: firstBlock(rule.action) !== undefined || firstBlock(rule.override_action) !== undefined,
    managedRuleGroup: at(statement, 'managed_rule_group_statement.name') as string | undefined,
    rateBased: firstBlock(statement?.rate_based_statement) !== undefined,
  };
}

function fromJson(rule: Body): WafRule {
  const statement = isObject(rule.Statement) ? rule.Statement : {};
  const managed = statement.ManagedRuleGroupStatement;
  return {
    name: String(rule.Name),
    hasAction: isObject(rule.Action) || isObject(rule.OverrideAction),
    managedRuleGroup: isObject(managed) ? (managed.Name as string | undefined) : undefined,
    rateBased: isObject(statement.RateBasedStatement),
  };
}

export function webAclRules(acl: Block): WafRule[] {
  const json = decodeDocument(acl.body.rule_json);
  const fromRuleJson =
    json.kind === 'value' && Array.isArray(json.value) ? json.value.filter(isObject).map(fromJson) : [];
  return [...blocks(acl.body.rule).map(fromBlock), ...fromRuleJson];
}
