import { US_EAST_1_ALIAS } from '../../stacks/platform-stack';
import { blocksOf, dev, onlyResource, prod, reference, onlyName, synthPlatform, withChanges } from '../helpers';

const US_EAST_1 = `aws.${US_EAST_1_ALIAS}`;
/**
 * The resources CloudFront reads only from us-east-1, the WAF log plumbing that must sit next to them, and the edge
 * alarms with their topic (CloudFront and WAF publish metrics there; an alarm notifies only its own Region).
 */
const US_EAST_1_TYPES = [
  'aws_acm_certificate',
  'aws_acm_certificate_validation',
  'aws_wafv2_web_acl',
  'aws_wafv2_web_acl_logging_configuration',
  'aws_cloudwatch_log_group',
  'aws_cloudwatch_log_resource_policy',
  'aws_cloudwatch_metric_alarm',
  'aws_sns_topic',
  'aws_sns_topic_policy',
  'aws_kms_key',
  'aws_kms_alias',
];

describe.each([dev, prod])('api and edge wiring in platform stack $name', (environment) => {
  const { json } = synthPlatform(environment);

  it('uses the us-east-1 provider for the CloudFront certificate, the web ACL and its logs, the edge alarms, and nothing else', () => {
    const inUsEast1 = Object.entries(json.resource ?? {}).flatMap(([type, blocks]) =>
      Object.values(blocks)
        .filter((block) => block.provider === US_EAST_1)
        .map(() => type),
    );
    const subscriptions = environment.operations.alarmEmails.length > 0 ? ['aws_sns_topic_subscription'] : [];
    expect([...new Set(inUsEast1)].sort()).toEqual([...US_EAST_1_TYPES, ...subscriptions].sort());
    const edgeCertificate = blocksOf(json, 'aws_acm_certificate').find(
      (cert) => cert.domain_name === environment.dns.appDomain,
    );
    expect(edgeCertificate?.provider).toBe(US_EAST_1);
    const regionalCertificate = blocksOf(json, 'aws_acm_certificate').find(
      (cert) => cert.domain_name === environment.dns.originDomain,
    );
    expect(regionalCertificate?.provider).toBeUndefined();
    expect(onlyResource(json, 'aws_wafv2_web_acl').provider).toBe(US_EAST_1);
    const wafLogGroup = blocksOf(json, 'aws_cloudwatch_log_group').find((group) =>
      String(group.name).startsWith('aws-waf-logs-'),
    );
    expect(wafLogGroup?.provider).toBe(US_EAST_1);
  });

  it('keeps every API Gateway resource on the default provider', () => {
    const apiTypes = Object.keys(json.resource ?? {}).filter((type) => type.startsWith('aws_apigatewayv2_'));
    expect(apiTypes.length).toBeGreaterThanOrEqual(7);
    for (const type of apiTypes) for (const block of blocksOf(json, type)) expect(block.provider).toBeUndefined();
  });

  it('sends from CloudFront exactly the header value the ALB listener rule checks', () => {
    const [origin] = onlyResource(json, 'aws_cloudfront_distribution').origin as Array<{
      custom_header: Array<{ name: string; value: string }>;
    }>;
    const [{ http_header: albHeader }] = onlyResource(json, 'aws_lb_listener_rule').condition as Array<{
      http_header: { http_header_name: string; values: string[] };
    }>;
    expect(origin.custom_header).toHaveLength(1);
    expect(origin.custom_header[0].name).toBe(albHeader.http_header_name);
    expect(albHeader.values).toEqual([origin.custom_header[0].value]);
    // One plain reference to the Terraform-generated secret, not a literal (nor a string that merely embeds one):
    // without a rotation, the slot of generation 0 (see OriginSecret).
    const [secretName] = Object.keys(json.resource?.terraform_data ?? {}).filter((name) =>
      name.startsWith('origin-secret_value_'),
    );
    expect(origin.custom_header[0].value).toBe(`\${sensitive(terraform_data.${secretName}.output.secret)}`);
  });

  it('chains CloudFront to the API custom domain, and API Gateway to the ALB listener through the VPC link', () => {
    const distribution = onlyResource(json, 'aws_cloudfront_distribution');
    expect(distribution.aliases).toEqual([environment.dns.appDomain]);
    expect((distribution.origin as Array<{ domain_name: string }>)[0].domain_name).toBe(environment.dns.originDomain);
    expect(onlyResource(json, 'aws_apigatewayv2_domain_name').domain_name).toBe(environment.dns.originDomain);
    expect(onlyResource(json, 'aws_apigatewayv2_integration')).toMatchObject({
      integration_uri: reference('aws_lb_listener', onlyName(json, 'aws_lb_listener'), 'arn'),
      tls_config: { server_name_to_verify: environment.dns.originDomain },
    });
  });

  it('opens the ALB to the VPC link group only, and the VPC link group to the ALB only', () => {
    const albGroup = reference(
      'aws_security_group',
      onlyName(json, 'aws_security_group', (group) => String(group.name_prefix).endsWith('-alb-')),
      'id',
    );
    const linkGroup = reference(
      'aws_security_group',
      onlyName(json, 'aws_security_group', (group) => String(group.name_prefix).endsWith('-vpc-link-')),
      'id',
    );
    const albIngress = blocksOf(json, 'aws_vpc_security_group_ingress_rule').filter(
      (rule) => rule.security_group_id === albGroup,
    );
    expect(albIngress).toEqual([
      expect.objectContaining({ referenced_security_group_id: linkGroup, from_port: 443, to_port: 443 }),
    ]);
    const linkEgress = blocksOf(json, 'aws_vpc_security_group_egress_rule').filter(
      (rule) => rule.security_group_id === linkGroup,
    );
    expect(linkEgress).toEqual([
      expect.objectContaining({ referenced_security_group_id: albGroup, from_port: 443, to_port: 443 }),
    ]);
  });

  it('takes throttling, WAF rate limit, price class and log retention from the environment config', () => {
    expect(onlyResource(json, 'aws_apigatewayv2_stage').default_route_settings).toMatchObject({
      throttling_burst_limit: environment.api.throttleBurstLimit,
      throttling_rate_limit: environment.api.throttleRateLimit,
    });
    const acl = onlyResource(json, 'aws_wafv2_web_acl') as {
      rule: Array<{ statement: Record<string, { limit?: number }> }>;
    };
    expect(acl.rule.map((rule) => rule.statement.rate_based_statement?.limit).filter(Boolean)).toEqual([
      environment.edge.wafRateLimit,
    ]);
    expect(onlyResource(json, 'aws_cloudfront_distribution').price_class).toBe(environment.edge.priceClass);
    const wafLogGroup = blocksOf(json, 'aws_cloudwatch_log_group').find((group) =>
      String(group.name).startsWith('aws-waf-logs-'),
    );
    expect(wafLogGroup?.retention_in_days).toBe(environment.edge.logRetentionDays);
  });

  it('points A and AAAA for the public name at CloudFront and A for the origin name at API Gateway', () => {
    const records = blocksOf(json, 'aws_route53_record').filter((record) => record.alias);
    const summary = records.map((record) => `${record.name} ${record.type}`).sort();
    expect(summary).toEqual(
      [
        `${environment.dns.appDomain} A`,
        `${environment.dns.appDomain} AAAA`,
        `${environment.dns.originDomain} A`,
      ].sort(),
    );
  });

  it('has no authorizer when the environment configures no JWT', () => {
    expect(environment.api.jwt).toBeUndefined();
    expect(blocksOf(json, 'aws_apigatewayv2_authorizer')).toHaveLength(0);
  });
});

describe('platform stack with a JWT issuer configured', () => {
  const jwt = { issuer: 'https://auth.example.com/', audience: ['shortlinks'] };
  const { json } = synthPlatform(withChanges(dev, (env) => void (env.api.jwt = jwt)));

  it('guards POST, DELETE and $default with the JWT authorizer and leaves GET public', () => {
    const authorizer = onlyResource(json, 'aws_apigatewayv2_authorizer');
    expect(authorizer.jwt_configuration).toEqual({ issuer: jwt.issuer, audience: jwt.audience });
    const authorizerId = reference('aws_apigatewayv2_authorizer', onlyName(json, 'aws_apigatewayv2_authorizer'), 'id');
    const routes = Object.fromEntries(
      blocksOf(json, 'aws_apigatewayv2_route').map((route) => [route.route_key, route]),
    );
    for (const key of ['POST /api/links', 'DELETE /api/links/{slug}', '$default']) {
      expect(routes[key]).toMatchObject({ authorization_type: 'JWT', authorizer_id: authorizerId });
    }
    for (const key of ['GET /api/links/{slug}', 'GET /{slug}']) {
      expect(routes[key]).toMatchObject({ authorization_type: 'NONE' });
      expect(routes[key].authorizer_id).toBeUndefined();
    }
  });
});
