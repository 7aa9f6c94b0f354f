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
import { type Rule, laxer, notCovered, stricter, upstream } from '../rule';

const HTTPS_PORT = 443;

/** How the world-ingress rules read security groups, compared with Checkov's ingress checks. */
const WORLD_INGRESS_SCOPE = stricter(
  '::/0 counts as the world as well as 0.0.0.0/0, and standalone aws_security_group_rule and aws_vpc_security_group_ingress_rule resources are read like inline ingress blocks',
);

function worldIngressRule(id: string, port: number | 'all', name: string, means: string): Rule {
  return {
    id,
    severity: 'error',
    section: 'network',
    title: `No security group ingress from 0.0.0.0/0 or ::/0 to ${name}.`,
    upstream: [
      upstream(
        id,
        means,
        WORLD_INGRESS_SCOPE,
        ...(port === 'all'
          ? [stricter('a TCP or UDP rule over ports 0-65535 counts as all ports, as does protocol -1')]
          : []),
      ),
    ],
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
    upstream: [
      upstream(
        'CKV2_AWS_11',
        'Ensure VPC flow logging is enabled in all VPCs',
        stricter('the flow log must capture ALL traffic (not only ACCEPT or REJECT) and name a destination'),
      ),
    ],
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
    title:
      "The VPC's default security group is managed (aws_default_security_group) and has no rules, inline or as rule resources.",
    upstream: [upstream('CKV2_AWS_12', 'Ensure the default security group of every VPC restricts all traffic')],
    check: (stack) => {
      const attachedRules = securityGroupRules(stack).filter(
        (rule) => rule.label === '' && rule.group?.type === 'aws_default_security_group',
      );
      return stack.resources('aws_vpc').flatMap((vpc) => {
        const managed = stack.referrers(vpc, 'vpc_id', 'aws_default_security_group');
        if (managed.length === 0) {
          return [{ at: vpc, message: 'its default security group is unmanaged and keeps AWS’s allow-all rules' }];
        }
        return managed.flatMap((group) => [
          ...(blocks(group.body.ingress).length + blocks(group.body.egress).length > 0
            ? [{ at: group, message: 'the default security group still has inline ingress or egress rules' }]
            : []),
          ...attachedRules
            .filter((rule) => rule.group === group)
            .map((rule) => ({
              at: rule.holder,
              message: `${describeRule(rule)} is attached to the default security group ${group.address}`,
            })),
        ]);
      });
    },
  },
  {
    id: 'CKV_AWS_130',
    severity: 'error',
    section: 'network',
    title: 'Private subnets do not assign public IPs on launch (map_public_ip_on_launch).',
    upstream: [
      upstream(
        'CKV_AWS_130',
        'Ensure VPC subnets do not assign public IP by default',
        laxer(
          'a public subnet (its route table leads to an internet gateway) may assign public IPs: that is what it is for; Checkov refuses it on every subnet',
        ),
      ),
    ],
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
    upstream: [
      upstream(
        'CKV_AWS_23',
        'Ensure every security groups rule has a description',
        stricter(
          'the group and each of its rules need a description (Checkov accepts a described group with undescribed inline rules), and aws_vpc_security_group_ingress_rule/egress_rule resources are read too',
        ),
        notCovered(
          ['aws_db_security_group', 'aws_elasticache_security_group', 'aws_redshift_security_group'],
          'EC2-Classic types that AWS provider 5 no longer has',
        ),
      ),
    ],
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
  worldIngressRule(
    'CKV_AWS_24',
    22,
    'port 22 (SSH)',
    'Ensure no security groups allow ingress from 0.0.0.0:0 to port 22',
  ),
  worldIngressRule(
    'CKV_AWS_25',
    3389,
    'port 3389 (RDP)',
    'Ensure no security groups allow ingress from 0.0.0.0:0 to port 3389',
  ),
  worldIngressRule(
    'CKV_AWS_277',
    'all',
    'all ports',
    'Ensure no security groups allow ingress from 0.0.0.0:0 to port -1',
  ),
  {
    id: 'CKV_AWS_260',
    severity: 'error',
    section: 'network',
    title: 'No ingress from 0.0.0.0/0 or ::/0 at all: nothing in this VPC is public.',
    upstream: [
      upstream(
        'CKV_AWS_260',
        'Ensure no security groups allow ingress from 0.0.0.0:0 to port 80',
        stricter(
          'every port, not only 80: nothing in this VPC takes traffic from the internet (CloudFront reaches the API through API Gateway and a VPC link)',
        ),
        WORLD_INGRESS_SCOPE,
      ),
    ],
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
    upstream: [
      upstream(
        'CKV_AWS_382',
        'Ensure no security groups allow egress from 0.0.0.0:0 to port -1',
        stricter(
          'the security groups of ECS services may only send tcp/443, to any destination: tasks talk to AWS APIs and nothing else',
        ),
      ),
    ],
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
    upstream: [
      upstream(
        'CKV2_AWS_5',
        'Ensure that Security Groups are attached to another resource',
        laxer(
          'any resource other than a security group or rule that names the group counts as an attachment; Checkov keeps a list of attaching types, which misses newer ones (VPC links, for one)',
        ),
      ),
    ],
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
