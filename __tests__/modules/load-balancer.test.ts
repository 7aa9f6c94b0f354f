import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Testing, TerraformStack, TerraformVariable } from 'cdktf';
import { referencesIn } from '../../lib/terraform-json/references';
import type { StackReader, TerraformBlock } from '../../lib/terraform-json/stack';
import { LoadBalancer, TLS13_SSL_POLICY, type LoadBalancerProps } from '../../modules/load-balancer';
import {
  ALB_IDLE_TIMEOUT_SECONDS,
  HEALTH_PATH,
  ORIGIN_VERIFY_HEADER,
  SERVICE_PORT,
  SHUTDOWN_TIMEOUT_SECONDS,
} from '../../service/src/contract';
import { dev, onlyBlock, prod, readStack, ref, synthPlatform } from '../helpers';

Testing.setupJest();

const BASE: LoadBalancerProps = {
  name: 'links-test',
  vpcId: 'vpc-0123',
  subnetIds: ['subnet-a', 'subnet-b'],
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
  originVerifySecret: 'test-origin-secret',
  region: 'eu-west-1',
  accountId: '123456789012',
};
const BUCKET_NAME = 'links-test-alb-logs-123456789012-eu-west-1';

function synthLoadBalancer(props: Partial<LoadBalancerProps> = {}, use?: (lb: LoadBalancer) => void): string {
  return Testing.synthScope((scope) => {
    const lb = new LoadBalancer(scope, 'lb', { ...BASE, ...props });
    use?.(lb);
  });
}

/** The Allow statements of the access-log bucket's policy document (the TLS-only deny is PrivateBucket's). */
function deliveryStatements(synthesized: string): Array<Record<string, unknown>> {
  const document = onlyBlock(readStack(synthesized), 'aws_iam_policy_document', 'data');
  return (document.body.statement as Array<Record<string, unknown>>).filter((s) => s.effect === 'Allow');
}

describe('load balancer module', () => {
  const synthesized = synthLoadBalancer();
  const stack = readStack(synthesized);

  it('is an internal ALB in the given subnets that drops invalid headers and mitigates desync', () => {
    expect(synthesized).toHaveResourceWithProperties(Lb, {
      name: 'links-test',
      load_balancer_type: 'application',
      internal: true,
      subnets: BASE.subnetIds,
      drop_invalid_header_fields: true,
      desync_mitigation_mode: 'defensive',
      idle_timeout: ALB_IDLE_TIMEOUT_SECONDS,
      security_groups: [ref(onlyBlock(stack, 'aws_security_group'), 'id')],
    });
  });

  it('protects against deletion by default and only turns that off when asked', () => {
    expect(synthesized).toHaveResourceWithProperties(Lb, { enable_deletion_protection: true });
    expect(synthLoadBalancer({ deletionProtection: false })).toHaveResourceWithProperties(Lb, {
      enable_deletion_protection: false,
    });
  });

  it('accepts strictest desync mitigation', () => {
    expect(synthLoadBalancer({ desyncMitigationMode: 'strictest' })).toHaveResourceWithProperties(Lb, {
      desync_mitigation_mode: 'strictest',
    });
  });

  it('listens on HTTPS 443 only, with the TLS 1.3 policy and the given certificate, and answers 403 by default', () => {
    expect(TLS13_SSL_POLICY).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(synthesized).toHaveResourceWithProperties(LbListener, {
      port: 443,
      protocol: 'HTTPS',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificate_arn: BASE.certificateArn,
      load_balancer_arn: ref(onlyBlock(stack, 'aws_lb'), 'arn'),
      default_action: [
        {
          type: 'fixed-response',
          fixed_response: { status_code: '403', content_type: 'text/plain', message_body: 'Forbidden' },
        },
      ],
    });
    expect(stack.resources('aws_lb_listener')).toHaveLength(1);
  });

  it('forwards to the targets only requests whose origin-verify header carries the secret', () => {
    expect(ORIGIN_VERIFY_HEADER).toBe('x-origin-verify');
    expect(synthesized).toHaveResourceWithProperties(LbListenerRule, {
      listener_arn: ref(onlyBlock(stack, 'aws_lb_listener'), 'arn'),
      priority: 100,
      condition: [{ http_header: { http_header_name: 'x-origin-verify', values: ['test-origin-secret'] } }],
      action: [{ type: 'forward', target_group_arn: ref(onlyBlock(stack, 'aws_lb_target_group'), 'arn') }],
    });
    expect(stack.resources('aws_lb_listener_rule')).toHaveLength(1);
  });

  it('has an ip target group on the service port, health-checked on the liveness path, draining past shutdown', () => {
    expect(HEALTH_PATH).toBe('/healthz');
    expect(synthesized).toHaveResourceWithProperties(LbTargetGroup, {
      target_type: 'ip',
      protocol: 'HTTP',
      port: SERVICE_PORT,
      vpc_id: 'vpc-0123',
      health_check: expect.objectContaining({
        enabled: true,
        path: HEALTH_PATH,
        protocol: 'HTTP',
        port: 'traffic-port',
        matcher: '200',
      }),
    });
    const delay = Number(onlyBlock(stack, 'aws_lb_target_group').body.deregistration_delay);
    expect(delay).toBeGreaterThan(SHUTDOWN_TIMEOUT_SECONDS);
    expect(delay).toBeLessThanOrEqual(SHUTDOWN_TIMEOUT_SECONDS + 10);
  });

  it('takes a different health-check path, target port and deregistration delay', () => {
    const other = synthLoadBalancer({ healthCheckPath: '/readyz', targetPort: 8080, deregistrationDelaySeconds: 45 });
    expect(other).toHaveResourceWithProperties(LbTargetGroup, {
      port: 8080,
      deregistration_delay: '45',
      health_check: expect.objectContaining({ path: '/readyz' }),
    });
  });

  it('writes access logs to its own private, encrypted, expiring bucket, after the bucket policy exists', () => {
    const logs = synthLoadBalancer({ accessLogRetentionDays: 30 });
    const reader = readStack(logs);
    expect(logs).toHaveResourceWithProperties(S3Bucket, { bucket: BUCKET_NAME });
    expect(logs).toHaveResourceWithProperties(Lb, {
      access_logs: { bucket: ref(onlyBlock(reader, 'aws_s3_bucket'), 'id'), prefix: 'alb', enabled: true },
      depends_on: [onlyBlock(reader, 'aws_s3_bucket_policy').address],
    });
    expect(logs).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(logs).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [expect.objectContaining({ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } })],
    });
    expect(logs).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [expect.objectContaining({ expiration: [{ days: 30 }] })],
    });
  });

  it('keeps access logs 90 days unless told otherwise', () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [expect.objectContaining({ expiration: [{ days: 90 }] })],
    });
  });

  it("lets only the Region's ELB account write logs, under this account's prefix, over TLS only", () => {
    expect(synthesized).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
      statement: expect.arrayContaining([expect.objectContaining({ sid: 'DenyInsecureTransport', effect: 'Deny' })]),
    });
    expect(deliveryStatements(synthesized)).toEqual([
      {
        sid: 'ElbAccessLogDelivery',
        effect: 'Allow',
        actions: ['s3:PutObject'],
        resources: [`arn:aws:s3:::${BUCKET_NAME}/alb/AWSLogs/123456789012/*`],
        principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::156460612806:root'] }],
      },
    ]);
  });

  it('uses the ELB account of us-east-1 there', () => {
    const [delivery] = deliveryStatements(synthLoadBalancer({ region: 'us-east-1' }));
    expect(delivery.principals).toEqual([{ type: 'AWS', identifiers: ['arn:aws:iam::127311923021:root'] }]);
  });

  it('uses the log-delivery service principal in Regions launched after August 2022', () => {
    const [delivery] = deliveryStatements(synthLoadBalancer({ region: 'eu-central-2' }));
    expect(delivery.principals).toEqual([
      { type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] },
    ]);
    expect(delivery.resources).toEqual([
      'arn:aws:s3:::links-test-alb-logs-123456789012-eu-central-2/alb/AWSLogs/123456789012/*',
    ]);
  });

  describe('props checks: bad props throw at construction, naming the construct path and the prop', () => {
    it('refuses a Region it has no log-delivery principal for, naming it', () => {
      expect(() => synthLoadBalancer({ region: 'xx-nowhere-1' })).toThrow(
        /stack\/lb: region: no access-log delivery principal known for Region "xx-nowhere-1"/,
      );
    });

    it('refuses a name AWS would reject, and one that makes the log bucket name too long', () => {
      expect(() => synthLoadBalancer({ name: 'a'.repeat(33) })).toThrow(
        /stack\/lb: name: "a{33}" is 33 characters; AWS allows at most 32/,
      );
      expect(() => synthLoadBalancer({ name: 'a'.repeat(32) })).toThrow(
        /stack\/lb: name: makes the access log bucket name .* 64 characters long; S3 allows at most 63/,
      );
    });

    it('checks lengths only of literal names: a Terraform value is known only at plan time', () => {
      const withVariable = Testing.synthScope((scope) => {
        const name = new TerraformVariable(scope, 'name', { type: 'string' }).stringValue;
        new LoadBalancer(scope, 'lb', { ...BASE, name });
      });
      expect(withVariable).toHaveResourceWithProperties(Lb, { name: '${var.name}' });
    });

    it('refuses subnets in fewer than 2 AZs', () => {
      const single = new TerraformStack(Testing.app(), 'single-az');
      new AwsProvider(single, 'aws', { region: 'eu-west-1' });
      expect(
        () => new LoadBalancer(single, 'lb', { ...BASE, subnetIds: ['subnet-a'], availabilityZones: ['eu-west-1a'] }),
      ).toThrow(/single-az\/lb: availabilityZones: subnets must span at least 2 AZs, got 1/);
    });
  });

  describe('security group', () => {
    it('has a description, a name prefix, and admits nothing until a peer is allowed', () => {
      expect(synthesized).toHaveResourceWithProperties(SecurityGroup, {
        name_prefix: 'links-test-alb-',
        lifecycle: { create_before_destroy: true },
        tags: { Name: 'links-test-alb' },
        description: expect.stringMatching(/\S/),
        vpc_id: 'vpc-0123',
      });
      expect(synthesized).not.toHaveResourceWithProperties(SecurityGroup, { ingress: expect.anything() });
      expect(synthesized).not.toHaveResourceWithProperties(SecurityGroup, { egress: expect.anything() });
      expect(synthesized).not.toHaveResource(VpcSecurityGroupIngressRule);
      expect(synthesized).not.toHaveResource(VpcSecurityGroupEgressRule);
    });

    it('admits HTTPS from one peer group, and reaches targets on the target port only', () => {
      const opened = synthLoadBalancer({}, (lb) => {
        lb.listenerEndpoint.allowFrom({ role: 'vpc-link', securityGroupId: 'sg-vpclink' }, 'HTTPS from the VPC link');
        lb.target.allowTo({ role: 'tasks', securityGroupId: 'sg-tasks' }, 'To the tasks');
      });
      const groupId = ref(onlyBlock(readStack(opened), 'aws_security_group'), 'id');
      expect(opened).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
        security_group_id: groupId,
        referenced_security_group_id: 'sg-vpclink',
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        description: 'HTTPS from the VPC link',
      });
      expect(opened).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, {
        security_group_id: groupId,
        referenced_security_group_id: 'sg-tasks',
        ip_protocol: 'tcp',
        from_port: SERVICE_PORT,
        to_port: SERVICE_PORT,
        description: 'To the tasks',
      });
      expect(readStack(opened).blocks.filter((block) => block.type.startsWith('aws_vpc_security_group_'))).toHaveLength(
        2,
      );
    });

    it('offers the listener and the target through interfaces that carry their ports and its group', () => {
      const scope = new TerraformStack(Testing.app(), 'interfaces');
      const lb = new LoadBalancer(scope, 'lb', { ...BASE, targetPort: 8080 });
      expect(lb.listenerEndpoint).toMatchObject({ port: 443, destination: lb.securityGroup });
      expect(lb.target).toMatchObject({ port: 8080, source: lb.securityGroup, forwarding: lb.listenerRule });
      expect(lb.securityGroup.role).toBe('alb');
    });

    it('gives each allowed peer its own rule, named after the peer', () => {
      const opened = readStack(
        synthLoadBalancer({}, (lb) => {
          lb.listenerEndpoint.allowFrom({ role: 'one', securityGroupId: 'sg-one' }, 'first');
          lb.listenerEndpoint.allowFrom({ role: 'two', securityGroupId: 'sg-two' }, 'second');
        }),
      );
      const peers = opened
        .resources('aws_vpc_security_group_ingress_rule')
        .map((rule) => `${rule.name.split('_')[1]} ${rule.body.referenced_security_group_id}`);
      expect(peers.sort()).toEqual(['https-from-one sg-one', 'https-from-two sg-two']);
    });

    it('refuses a second peer with the same role instead of numbering it', () => {
      expect(() =>
        synthLoadBalancer({}, (lb) => {
          lb.listenerEndpoint.allowFrom({ role: 'vpc-link', securityGroupId: 'sg-one' }, 'first');
          lb.listenerEndpoint.allowFrom({ role: 'vpc-link', securityGroupId: 'sg-two' }, 'second');
        }),
      ).toThrow(/https-from-vpc-link/);
    });
  });
});

describe('load balancer in the platform stack', () => {
  const stacks = { dev: synthPlatform(dev).json, prod: synthPlatform(prod).json };
  const readers = { dev: readStack(stacks.dev, 'dev'), prod: readStack(stacks.prod, 'prod') };

  function privateSubnets(stack: StackReader): string[] {
    return stack
      .resources('aws_subnet')
      .filter((subnet) => (subnet.body.tags as Record<string, string>).Tier === 'private')
      .map((subnet) => ref(subnet, 'id'));
  }

  it('uses the regional certificate, issued for the origin name, once validated', () => {
    const stack = readers.dev;
    const [certificate] = stack
      .resources('aws_acm_certificate')
      .filter((block) => block.body.domain_name === dev.dns.originDomain);
    expect(certificate.body.validation_method).toBe('DNS');
    const [validation] = stack
      .resources('aws_acm_certificate_validation')
      .filter((block) => block.body.certificate_arn === ref(certificate, 'arn'));
    expect(onlyBlock(stack, 'aws_lb_listener').body.certificate_arn).toBe(ref(validation, 'certificate_arn'));
  });

  it('sends the Terraform-generated, sensitive origin secret to the listener rule', () => {
    const stack = readers.dev;
    const [condition] = onlyBlock(stack, 'aws_lb_listener_rule').body.condition as Array<{
      http_header: { http_header_name: string; values: string[] };
    }>;
    expect(condition.http_header.http_header_name).toBe(ORIGIN_VERIFY_HEADER);
    const [value] = condition.http_header.values;
    expect(value).toMatch(/^\$\{sensitive\(/);
    // Whatever the secret is made of, it comes from Terraform state under the origin-secret construct.
    const sources = referencesIn(value).map((reference) => stack.block(reference.address));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source?.type).toBe('terraform_data');
      expect(source?.name).toMatch(/^origin-secret_/);
    }
  });

  it('protects the load balancer from deletion in prod only', () => {
    expect(JSON.stringify(stacks.prod)).toHaveResourceWithProperties(Lb, { enable_deletion_protection: true });
    expect(JSON.stringify(stacks.dev)).toHaveResourceWithProperties(Lb, { enable_deletion_protection: false });
  });

  it('spreads the load balancer over the private subnets of every AZ', () => {
    for (const [env, stack] of [
      [dev, readers.dev],
      [prod, readers.prod],
    ] as const) {
      expect(privateSubnets(stack)).toHaveLength(env.network.availabilityZones.length);
      expect(onlyBlock(stack, 'aws_lb').body.subnets).toEqual(privateSubnets(stack));
    }
  });

  it('admits only the VPC link group on 443 and reaches only the tasks group on the service port', () => {
    for (const stack of Object.values(readers)) {
      const [albGroup] = onlyBlock(stack, 'aws_lb').body.security_groups as string[];
      const [vpcLinkGroup] = onlyBlock(stack, 'aws_apigatewayv2_vpc_link').body.security_group_ids as string[];
      const [tasksGroup] = (onlyBlock(stack, 'aws_ecs_service').body.network_configuration as Record<string, string[]>)
        .security_groups;
      const rulesOf = (type: string): TerraformBlock['body'][] =>
        stack
          .resources(type)
          .filter((rule) => rule.body.security_group_id === albGroup)
          .map((rule) => rule.body);
      expect(rulesOf('aws_vpc_security_group_ingress_rule')).toEqual([
        {
          security_group_id: albGroup,
          referenced_security_group_id: vpcLinkGroup,
          ip_protocol: 'tcp',
          from_port: 443,
          to_port: 443,
          description: expect.stringMatching(/\S/),
        },
      ]);
      expect(rulesOf('aws_vpc_security_group_egress_rule')).toEqual([
        {
          security_group_id: albGroup,
          referenced_security_group_id: tasksGroup,
          ip_protocol: 'tcp',
          from_port: SERVICE_PORT,
          to_port: SERVICE_PORT,
          description: expect.stringMatching(/\S/),
        },
      ]);
    }
  });
});
