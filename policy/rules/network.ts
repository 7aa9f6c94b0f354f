import { blocks, isTrue, nonEmptyString } from '../../lib/terraform-json/attributes';
import { mentions } from '../../lib/terraform-json/references';
import { endpointServesRouteTable, gatewayEndpoints, isPublicSubnet, privateRouteTables } from '../model/routing';
import {
  SECURITY_GROUP_RULE_TYPES,
  coversAllPorts,
  coversPort,
  describeRule,
  fromWorld,
  securityGroupRules,
  taskSecurityGroups,
} from '../model/security-groups';
import type { Rule } from '../rule';

const HTTPS_PORT = 443;

function worldIngressRule(id: string, port: number | 'all', name: string): Rule {
  return {
    id,
    severity: 'error',
    section: 'network',
    title: `No security group ingress from 0.0.0.0/0 or ::/0 to ${name}.`,
    check: (stack) =>
      securityGroupRules(stack)
        .filter((rule) => rule.direction === 'ingress' && fromWorld(rule))
        .filter((rule) => (port === 'all' ? coversAllPorts(rule) : coversPort(rule, port)))
        .map((rule) => ({ at: rule.holder, message: `${describeRule(rule)} is open to ${fromWorld(rule)}` })),
  };
}

export const networkRules: Rule[] = [
  {
    id: 'CKV2_AWS_11',
    severity: 'error',
    section: 'network',
    title: 'Every VPC has a flow log capturing ALL traffic to a log destination.',
    check: (stack) =>
      stack.resources('aws_vpc').flatMap((vpc) => {
        const logs = stack.referrers(vpc, 'vpc_id', 'aws_flow_log');
        const complete = logs.some(
          (log) =>
            log.body.traffic_type === 'ALL' &&
            (nonEmptyString(log.body.log_destination) || nonEmptyString(log.body.log_group_name)),
        );
        if (complete) return [];
        const message = logs.length
          ? `its flow logs (${logs.map((l) => l.address).join(', ')}) do not capture ALL traffic to a destination`
          : 'no aws_flow_log names this VPC';
        return [{ at: vpc, message }];
      }),
  },
  {
    id: 'CKV2_AWS_12',
    severity: 'error',
    section: 'network',
    title: "The VPC's default security group is managed (aws_default_security_group) and has no rules.",
    check: (stack) =>
      stack.resources('aws_vpc').flatMap((vpc) => {
        const managed = stack.referrers(vpc, 'vpc_id', 'aws_default_security_group');
        if (managed.length === 0) {
          return [{ at: vpc, message: 'its default security group is unmanaged and keeps AWS’s allow-all rules' }];
        }
        return managed
          .filter((group) => blocks(group.body.ingress).length + blocks(group.body.egress).length > 0)
          .map((group) => ({ at: group, message: 'the default security group still has ingress or egress rules' }));
      }),
  },
  {
    id: 'CKV_AWS_130',
    severity: 'error',
    section: 'network',
    title: 'Private subnets do not assign public IPs on launch (map_public_ip_on_launch).',
    check: (stack) =>
      stack
        .resources('aws_subnet')
        .filter((subnet) => isTrue(subnet.body.map_public_ip_on_launch) && !isPublicSubnet(stack, subnet))
        .map((subnet) => ({
          at: subnet,
          message: 'map_public_ip_on_launch is true on a subnet with no route to an internet gateway',
        })),
  },
  {
    id: 'CKV_AWS_23',
    severity: 'warning',
    section: 'network',
    title: 'Every security group and security group rule has a description.',
    check: (stack) => [
      ...stack
        .resources('aws_security_group', ...SECURITY_GROUP_RULE_TYPES)
        .filter((block) => !nonEmptyString(block.body.description))
        .map((block) => ({ at: block, message: `${block.type} has no description` })),
      ...securityGroupRules(stack)
        .filter((rule) => rule.label && !nonEmptyString(rule.description))
        .map((rule) => ({ at: rule.holder, message: `${describeRule(rule)} has no description` })),
    ],
  },
  worldIngressRule('CKV_AWS_24', 22, 'port 22 (SSH)'),
  worldIngressRule('CKV_AWS_25', 3389, 'port 3389 (RDP)'),
  worldIngressRule('CKV_AWS_277', 'all', 'all ports'),
  {
    id: 'CKV_AWS_260',
    severity: 'error',
    section: 'network',
    title: 'No ingress from 0.0.0.0/0 or ::/0 at all: nothing in this VPC is public.',
    check: (stack) =>
      securityGroupRules(stack)
        .filter((rule) => rule.direction === 'ingress' && fromWorld(rule))
        .map((rule) => ({ at: rule.holder, message: `${describeRule(rule)} is open to ${fromWorld(rule)}` })),
  },
  {
    id: 'CKV_AWS_382',
    severity: 'error',
    section: 'network',
    title: 'No all-protocol egress to 0.0.0.0/0 or ::/0; task groups allow egress on tcp/443 only.',
    check: (stack) => {
      const taskGroups = taskSecurityGroups(stack);
      return securityGroupRules(stack)
        .filter((rule) => rule.direction === 'egress')
        .flatMap((rule) => {
          if (rule.protocol === 'all' && fromWorld(rule)) {
            return [{ at: rule.holder, message: `${describeRule(rule)} reaches ${fromWorld(rule)} on every protocol` }];
          }
          const https = rule.protocol === 'tcp' && rule.fromPort === HTTPS_PORT && rule.toPort === HTTPS_PORT;
          if (rule.group && taskGroups.has(rule.group.address) && !https) {
            return [{ at: rule.holder, message: `${describeRule(rule)} of a task group is not tcp/443` }];
          }
          return [];
        });
    },
  },
  {
    id: 'CKV2_AWS_5',
    severity: 'warning',
    section: 'network',
    title: 'Every security group is attached to something (a load balancer, service, endpoint, VPC link...).',
    check: (stack) => {
      const notAttachments = new Set(['aws_security_group', ...SECURITY_GROUP_RULE_TYPES]);
      const attachers = stack.blocks.filter((b) => b.kind === 'resource' && !notAttachments.has(b.type));
      return stack
        .resources('aws_security_group')
        .filter((group) => !attachers.some((block) => mentions(block.body, group.address)))
        .map((group) => ({ at: group, message: 'no resource uses this security group' }));
    },
  },
  {
    id: 'CUSTOM_NET_GATEWAY_ENDPOINTS',
    severity: 'error',
    section: 'network',
    title:
      'S3 and DynamoDB gateway endpoints are associated with every private route table (free, keeps traffic off NAT).',
    check: (stack) =>
      privateRouteTables(stack).flatMap((table) =>
        ['s3', 'dynamodb']
          .filter((service) => !gatewayEndpoints(stack, service).some((e) => endpointServesRouteTable(stack, e, table)))
          .map((service) => ({
            at: table,
            message: `no ${service} gateway endpoint is associated with this private route table`,
          })),
      ),
  },
];
