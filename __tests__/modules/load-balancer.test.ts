import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack, TerraformVariable } from 'cdktf';
import { LoadBalancer, TLS13_SSL_POLICY, type LoadBalancerProps } from '../../modules/load-balancer';
import {
  ALB_IDLE_TIMEOUT_SECONDS,
  HEALTH_PATH,
  ORIGIN_VERIFY_HEADER,
  SERVICE_PORT,
  SHUTDOWN_TIMEOUT_SECONDS,
} from '../../service/src/contract';
import {
  blocksOf,
  dataSourcesOf,
  dev,
  onlyResource,
  prod,
  reference,
  resourcesOf,
  synthPlatform,
  synthScope,
  type Block,
  type TerraformJson,
  onlyName,
} from '../helpers';

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

function synthLoadBalancer(props: Partial<LoadBalancerProps> = {}, use?: (lb: LoadBalancer) => void): TerraformJson {
  return synthScope((scope) => {
    const lb = new LoadBalancer(scope, 'lb', { ...BASE, ...props });
    use?.(lb);
  });
}

/** The statements of the access-log bucket's policy document. */
function bucketStatements(json: TerraformJson): Block[] {
  const [document] = dataSourcesOf(json, 'aws_iam_policy_document');
  return document.statement as Block[];
}

describe('load balancer module', () => {
  it('is an internal ALB in the given subnets that drops invalid headers and mitigates desync', () => {
    const json = synthLoadBalancer();
    const alb = onlyResource(json, 'aws_lb');
    expect(alb).toMatchObject({
      name: 'links-test',
      load_balancer_type: 'application',
      internal: true,
      subnets: BASE.subnetIds,
      drop_invalid_header_fields: true,
      desync_mitigation_mode: 'defensive',
      idle_timeout: ALB_IDLE_TIMEOUT_SECONDS,
    });
    expect(alb.security_groups).toEqual([reference('aws_security_group', onlyName(json, 'aws_security_group'), 'id')]);
  });

  it('protects against deletion by default and only turns that off when asked', () => {
    expect(onlyResource(synthLoadBalancer(), 'aws_lb').enable_deletion_protection).toBe(true);
    expect(onlyResource(synthLoadBalancer({ deletionProtection: false }), 'aws_lb').enable_deletion_protection).toBe(
      false,
    );
  });

  it('accepts strictest desync mitigation', () => {
    const json = synthLoadBalancer({ desyncMitigationMode: 'strictest' });
    expect(onlyResource(json, 'aws_lb').desync_mitigation_mode).toBe('strictest');
  });

  it('listens on HTTPS 443 only, with the TLS 1.3 policy and the given certificate, and answers 403 by default', () => {
    const json = synthLoadBalancer();
    expect(blocksOf(json, 'aws_lb_listener')).toHaveLength(1);
    const listener = onlyResource(json, 'aws_lb_listener');
    expect(TLS13_SSL_POLICY).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(listener).toMatchObject({
      port: 443,
      protocol: 'HTTPS',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificate_arn: BASE.certificateArn,
      load_balancer_arn: reference('aws_lb', onlyName(json, 'aws_lb'), 'arn'),
    });
    expect(listener.default_action).toEqual([
      {
        type: 'fixed-response',
        fixed_response: { status_code: '403', content_type: 'text/plain', message_body: 'Forbidden' },
      },
    ]);
  });

  it('forwards to the targets only requests whose origin-verify header carries the secret', () => {
    const json = synthLoadBalancer();
    const rule = onlyResource(json, 'aws_lb_listener_rule');
    expect(ORIGIN_VERIFY_HEADER).toBe('x-origin-verify');
    expect(rule.listener_arn).toBe(reference('aws_lb_listener', onlyName(json, 'aws_lb_listener'), 'arn'));
    expect(rule.priority).toBe(100);
    expect(rule.condition).toEqual([
      { http_header: { http_header_name: 'x-origin-verify', values: ['test-origin-secret'] } },
    ]);
    expect(rule.action).toEqual([
      {
        type: 'forward',
        target_group_arn: reference('aws_lb_target_group', onlyName(json, 'aws_lb_target_group'), 'arn'),
      },
    ]);
  });

  it('has an ip target group on the service port, health-checked on the liveness path, draining past shutdown', () => {
    const targetGroup = onlyResource(synthLoadBalancer(), 'aws_lb_target_group');
    expect(targetGroup).toMatchObject({ target_type: 'ip', protocol: 'HTTP', port: SERVICE_PORT, vpc_id: 'vpc-0123' });
    expect(targetGroup.health_check).toMatchObject({
      enabled: true,
      path: HEALTH_PATH,
      protocol: 'HTTP',
      port: 'traffic-port',
      matcher: '200',
    });
    expect(HEALTH_PATH).toBe('/healthz');
    expect(Number(targetGroup.deregistration_delay)).toBeGreaterThan(SHUTDOWN_TIMEOUT_SECONDS);
    expect(Number(targetGroup.deregistration_delay)).toBeLessThanOrEqual(SHUTDOWN_TIMEOUT_SECONDS + 10);
  });

  it('takes a different health-check path, target port and deregistration delay', () => {
    const json = synthLoadBalancer({ healthCheckPath: '/readyz', targetPort: 8080, deregistrationDelaySeconds: 45 });
    const targetGroup = onlyResource(json, 'aws_lb_target_group');
    expect(targetGroup).toMatchObject({ port: 8080, deregistration_delay: '45' });
    expect((targetGroup.health_check as Block).path).toBe('/readyz');
  });

  it('writes access logs to its own private, encrypted, expiring bucket, after the bucket policy exists', () => {
    const json = synthLoadBalancer({ accessLogRetentionDays: 30 });
    const bucketName = onlyName(json, 'aws_s3_bucket');
    expect(onlyResource(json, 'aws_s3_bucket').bucket).toBe(BUCKET_NAME);
    const alb = onlyResource(json, 'aws_lb');
    expect(alb.access_logs).toEqual({
      bucket: reference('aws_s3_bucket', bucketName, 'id'),
      prefix: 'alb',
      enabled: true,
    });
    expect(alb.depends_on).toEqual([`aws_s3_bucket_policy.${onlyName(json, 'aws_s3_bucket_policy')}`]);
    expect(onlyResource(json, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const encryption = onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(JSON.stringify(encryption.rule)).toContain('"sse_algorithm":"AES256"');
    const lifecycle = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration');
    expect((lifecycle.rule as Block[])[0].expiration).toEqual([{ days: 30 }]);
  });

  it('keeps access logs 90 days unless told otherwise', () => {
    const lifecycle = onlyResource(synthLoadBalancer(), 'aws_s3_bucket_lifecycle_configuration');
    expect((lifecycle.rule as Block[])[0].expiration).toEqual([{ days: 90 }]);
  });

  it("lets only the Region's ELB account write logs, under this account's prefix", () => {
    const statements = bucketStatements(synthLoadBalancer());
    const delivery = statements.filter((statement) => statement.effect === 'Allow');
    expect(delivery).toEqual([
      {
        sid: 'ElbAccessLogDelivery',
        effect: 'Allow',
        actions: ['s3:PutObject'],
        resources: [`arn:aws:s3:::${BUCKET_NAME}/alb/AWSLogs/123456789012/*`],
        principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::156460612806:root'] }],
      },
    ]);
    expect(statements.some((statement) => statement.sid === 'DenyInsecureTransport')).toBe(true);
  });

  it('uses the ELB account of us-east-1 there', () => {
    const [delivery] = bucketStatements(synthLoadBalancer({ region: 'us-east-1' })).filter(
      (statement) => statement.effect === 'Allow',
    );
    expect(delivery.principals).toEqual([{ type: 'AWS', identifiers: ['arn:aws:iam::127311923021:root'] }]);
  });

  it('uses the log-delivery service principal in Regions launched after August 2022', () => {
    const [delivery] = bucketStatements(synthLoadBalancer({ region: 'eu-central-2' })).filter(
      (statement) => statement.effect === 'Allow',
    );
    expect(delivery.principals).toEqual([
      { type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] },
    ]);
    expect(delivery.resources).toEqual([
      'arn:aws:s3:::links-test-alb-logs-123456789012-eu-central-2/alb/AWSLogs/123456789012/*',
    ]);
  });

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
    const json = synthScope((scope) => {
      const name = new TerraformVariable(scope, 'name', { type: 'string' }).stringValue;
      new LoadBalancer(scope, 'lb', { ...BASE, name });
    });
    expect(onlyResource(json, 'aws_lb').name).toBe('${var.name}');
  });

  it('refuses subnets in fewer than 2 AZs at construction', () => {
    const stack = new TerraformStack(Testing.app(), 'single-az');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    expect(
      () => new LoadBalancer(stack, 'lb', { ...BASE, subnetIds: ['subnet-a'], availabilityZones: ['eu-west-1a'] }),
    ).toThrow(/single-az\/lb: availabilityZones: subnets must span at least 2 AZs, got 1/);
  });

  describe('security group', () => {
    it('has a description and admits nothing until a peer is allowed', () => {
      const json = synthLoadBalancer();
      const group = onlyResource(json, 'aws_security_group');
      expect(group.description).toEqual(expect.stringMatching(/\S/));
      expect(group.vpc_id).toBe('vpc-0123');
      expect(group.ingress).toBeUndefined();
      expect(group.egress).toBeUndefined();
      expect(blocksOf(json, 'aws_vpc_security_group_ingress_rule')).toEqual([]);
      expect(blocksOf(json, 'aws_vpc_security_group_egress_rule')).toEqual([]);
    });

    it('admits HTTPS from one peer group, and reaches targets on the target port only', () => {
      const json = synthLoadBalancer({}, (lb) => {
        lb.listenerEndpoint.allowFrom({ role: 'vpc-link', securityGroupId: 'sg-vpclink' }, 'HTTPS from the VPC link');
        lb.target.allowTo({ role: 'tasks', securityGroupId: 'sg-tasks' }, 'To the tasks');
      });
      const groupId = reference('aws_security_group', onlyName(json, 'aws_security_group'), 'id');
      expect(onlyResource(json, 'aws_vpc_security_group_ingress_rule')).toEqual({
        security_group_id: groupId,
        referenced_security_group_id: 'sg-vpclink',
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        description: 'HTTPS from the VPC link',
      });
      expect(onlyResource(json, 'aws_vpc_security_group_egress_rule')).toEqual({
        security_group_id: groupId,
        referenced_security_group_id: 'sg-tasks',
        ip_protocol: 'tcp',
        from_port: SERVICE_PORT,
        to_port: SERVICE_PORT,
        description: 'To the tasks',
      });
    });

    it('gives each allowed peer its own rule, named after the peer', () => {
      const json = synthLoadBalancer({}, (lb) => {
        lb.listenerEndpoint.allowFrom({ role: 'one', securityGroupId: 'sg-one' }, 'first');
        lb.listenerEndpoint.allowFrom({ role: 'two', securityGroupId: 'sg-two' }, 'second');
      });
      const peers = resourcesOf(json, 'aws_vpc_security_group_ingress_rule').map(
        ([name, rule]) => `${name.split('_')[1]} ${rule.referenced_security_group_id}`,
      );
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

  it('uses the regional certificate, issued for the origin name, once validated', () => {
    const json = stacks.dev;
    const [[certificateName, certificate]] = resourcesOf(json, 'aws_acm_certificate').filter(
      ([, block]) => block.domain_name === dev.dns.originDomain,
    );
    const [[validationName, validation]] = resourcesOf(json, 'aws_acm_certificate_validation').filter(
      ([, block]) => block.certificate_arn === reference('aws_acm_certificate', certificateName, 'arn'),
    );
    expect(certificate.validation_method).toBe('DNS');
    expect(validation).toBeDefined();
    expect(onlyResource(json, 'aws_lb_listener').certificate_arn).toBe(
      reference('aws_acm_certificate_validation', validationName, 'certificate_arn'),
    );
  });

  it('sends the Terraform-generated, sensitive origin secret to the listener rule', () => {
    const json = stacks.dev;
    const [secretName] = Object.keys(json.resource?.terraform_data ?? {}).filter((name) =>
      name.includes('origin-secret'),
    );
    expect(secretName).toBeDefined();
    const rule = onlyResource(json, 'aws_lb_listener_rule');
    expect(rule.condition).toEqual([
      {
        http_header: {
          http_header_name: ORIGIN_VERIFY_HEADER,
          values: [`\${sensitive(terraform_data.${secretName}.output.secret)}`],
        },
      },
    ]);
  });

  it('protects the load balancer from deletion in prod only', () => {
    expect(onlyResource(stacks.prod, 'aws_lb').enable_deletion_protection).toBe(true);
    expect(onlyResource(stacks.dev, 'aws_lb').enable_deletion_protection).toBe(false);
  });

  it('spreads the load balancer over the private subnets of every AZ', () => {
    for (const [env, json] of [
      [dev, stacks.dev],
      [prod, stacks.prod],
    ] as const) {
      const privateSubnets = resourcesOf(json, 'aws_subnet')
        .filter(([, subnet]) => (subnet.tags as Record<string, string>).Tier === 'private')
        .map(([name]) => reference('aws_subnet', name, 'id'));
      expect(privateSubnets).toHaveLength(env.network.availabilityZones.length);
      expect(onlyResource(json, 'aws_lb').subnets).toEqual(privateSubnets);
    }
  });

  it('admits only the VPC link group on 443 and reaches only the tasks group on the service port', () => {
    for (const json of Object.values(stacks)) {
      const albGroup = onlyResource(json, 'aws_lb').security_groups as string[];
      expect(albGroup).toHaveLength(1);
      const vpcLinkGroups = onlyResource(json, 'aws_apigatewayv2_vpc_link').security_group_ids;
      const tasksGroups = (onlyResource(json, 'aws_ecs_service').network_configuration as Block).security_groups;
      const rulesOf = (type: string) => blocksOf(json, type).filter((rule) => rule.security_group_id === albGroup[0]);
      expect(rulesOf('aws_vpc_security_group_ingress_rule')).toEqual([
        {
          security_group_id: albGroup[0],
          referenced_security_group_id: (vpcLinkGroups as string[])[0],
          ip_protocol: 'tcp',
          from_port: 443,
          to_port: 443,
          description: expect.stringMatching(/\S/),
        },
      ]);
      expect(rulesOf('aws_vpc_security_group_egress_rule')).toEqual([
        {
          security_group_id: albGroup[0],
          referenced_security_group_id: (tasksGroups as string[])[0],
          ip_protocol: 'tcp',
          from_port: SERVICE_PORT,
          to_port: SERVICE_PORT,
          description: expect.stringMatching(/\S/),
        },
      ]);
      expect(vpcLinkGroups).toHaveLength(1);
      expect(tasksGroups).toHaveLength(1);
    }
  });
});
