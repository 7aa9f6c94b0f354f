import { type Body, asNumber, blocks, strings } from '../../lib/terraform-json/attributes';
import type { Block, StackModel } from './stack';

export const SECURITY_GROUP_RULE_TYPES = [
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
];

export const WORLD_CIDRS = ['0.0.0.0/0', '::/0'];

/** One security group rule, whether inline in `aws_security_group` or a resource of its own. */
export interface SecurityGroupRule {
  /** The block that declares the rule: the group itself for inline rules. */
  holder: Block;
  /** `ingress[0]` for an inline rule, empty for a rule resource. */
  label: string;
  group: Block | undefined;
  direction: 'ingress' | 'egress';
  /** `all`, `tcp`, `udp`, `icmp`, ... */
  protocol: string;
  fromPort: number | undefined;
  toPort: number | undefined;
  cidrs: string[];
  description: unknown;
}

const PROTOCOL_NUMBERS: Record<string, string> = { '-1': 'all', all: 'all', '6': 'tcp', '17': 'udp', '1': 'icmp' };

function protocolName(value: unknown): string {
  const text = String(value ?? '').toLowerCase();
  return PROTOCOL_NUMBERS[text] ?? text;
}

function inlineRules(group: Block): SecurityGroupRule[] {
  return (['ingress', 'egress'] as const).flatMap((direction) =>
    blocks(group.body[direction]).map((rule: Body, i) => ({
      holder: group,
      label: `${direction}[${i}]`,
      group,
      direction,
      protocol: protocolName(rule.protocol),
      fromPort: asNumber(rule.from_port),
      toPort: asNumber(rule.to_port),
      cidrs: [...strings(rule.cidr_blocks), ...strings(rule.ipv6_cidr_blocks)],
      description: rule.description,
    })),
  );
}

function ruleResource(stack: StackModel, rule: Block): SecurityGroupRule {
  const body = rule.body;
  const legacy = rule.type === 'aws_security_group_rule';
  return {
    holder: rule,
    label: '',
    group: stack.target(body.security_group_id),
    direction: legacy
      ? body.type === 'egress'
        ? 'egress'
        : 'ingress'
      : rule.type.includes('egress')
        ? 'egress'
        : 'ingress',
    protocol: protocolName(legacy ? body.protocol : body.ip_protocol),
    fromPort: asNumber(body.from_port),
    toPort: asNumber(body.to_port),
    cidrs: legacy
      ? [...strings(body.cidr_blocks), ...strings(body.ipv6_cidr_blocks)]
      : [...strings(body.cidr_ipv4), ...strings(body.cidr_ipv6)],
    description: body.description,
  };
}

export function securityGroupRules(stack: StackModel): SecurityGroupRule[] {
  return [
    ...stack.resources('aws_security_group').flatMap(inlineRules),
    ...stack.resources(...SECURITY_GROUP_RULE_TYPES).map((rule) => ruleResource(stack, rule)),
  ];
}

export function describeRule(rule: SecurityGroupRule): string {
  const ports =
    rule.protocol === 'all' ? 'all traffic' : `${rule.protocol} ${rule.fromPort ?? '?'}-${rule.toPort ?? '?'}`;
  return `${rule.label ? `${rule.label} ` : ''}${rule.direction} ${ports}`;
}

export function fromWorld(rule: SecurityGroupRule): string | undefined {
  return rule.cidrs.find((cidr) => WORLD_CIDRS.includes(cidr));
}

export function coversAllPorts(rule: SecurityGroupRule): boolean {
  if (rule.protocol === 'all') return true;
  return (rule.fromPort ?? 0) <= 0 && (rule.toPort ?? 65535) >= 65535 && ['tcp', 'udp'].includes(rule.protocol);
}

/** Whether a rule opens `port` (TCP or UDP: Checkov compares the port range whatever the protocol). */
export function coversPort(rule: SecurityGroupRule, port: number): boolean {
  if (rule.protocol === 'all') return true;
  if (!['tcp', 'udp'].includes(rule.protocol)) return false;
  return (rule.fromPort ?? 0) <= port && port <= (rule.toPort ?? 65535);
}

/** Security groups attached to ECS services: the task groups. */
export function taskSecurityGroups(stack: StackModel): Set<string> {
  return new Set(
    stack
      .resources('aws_ecs_service')
      .flatMap((service) => blocks(service.body.network_configuration))
      .flatMap((config) => strings(config.security_groups))
      .flatMap((value) => {
        const group = stack.target(value);
        return group ? [group.address] : [];
      }),
  );
}
