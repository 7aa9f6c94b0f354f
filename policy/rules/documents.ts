import { decodeDocument } from '../../lib/terraform-json/document';
import { readContainers } from '../model/containers';
import { allPolicies, readPolicy } from '../model/iam-policy';
import type { Rule } from '../rule';

/**
 * Documents the other rules must read (policies, container definitions, WAF rule JSON). One that cannot be
 * read would otherwise pass every rule about it silently, so it is a finding of its own.
 */
export const documentRules: Rule[] = [
  {
    id: 'POLICY_UNREADABLE_DOCUMENT',
    severity: 'error',
    section: 'checker',
    title: 'Policies, container definitions and WAF rule JSON are written so the checker can read them.',
    check: (stack) => [
      ...allPolicies(stack).flatMap(({ holder, attribute, value }) => {
        const reading = readPolicy(stack, value);
        return reading.ok ? [] : [{ at: holder, message: `${attribute} cannot be analysed: ${reading.reason}` }];
      }),
      ...stack.resources('aws_ecs_task_definition').flatMap((task) => {
        const reading = readContainers(task);
        return reading.ok ? [] : [{ at: task, message: `container_definitions cannot be analysed: ${reading.reason}` }];
      }),
      ...stack
        .resources('aws_wafv2_web_acl')
        .filter((acl) => acl.body.rule_json !== undefined)
        .filter((acl) => {
          const decoded = decodeDocument(acl.body.rule_json);
          return decoded.kind !== 'value' || !Array.isArray(decoded.value);
        })
        .map((acl) => ({ at: acl, message: 'rule_json cannot be analysed: it is not a JSON list of rules' })),
    ],
  },
];
