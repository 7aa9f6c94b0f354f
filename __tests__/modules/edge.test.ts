import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { Edge, type EdgeProps } from '../../modules/edge';
import { ORIGIN_VERIFY_HEADER } from '../../service/src/contract';
import {
  blocksOf,
  dataSourcesOf,
  onlyResource,
  reference,
  resourcesOf,
  synthScope,
  synthStack,
  type Block,
  type TerraformJson,
  onlyName,
} from '../helpers';

const US_EAST_1 = 'aws.us_east_1';
const SECRET = '${sensitive(terraform_data.secret.output.secret)}';

type TestProps = Omit<EdgeProps, 'usEast1Provider'> & { edgeRegion?: string };

const BASE: TestProps = {
  name: 'test-edge',
  appDomain: 'app.example.com',
  hostedZoneId: 'Z0123456789ABC',
  originDomain: 'origin.example.com',
  originVerifySecret: SECRET,
  homeRegion: 'eu-west-1',
  accountId: '123456789012',
  wafRateLimit: 1500,
  priceClass: 'PriceClass_200',
  logRetentionDays: 60,
};

function build(scope: Construct, props: Partial<TestProps> = {}): Edge {
  const { edgeRegion, ...edgeProps } = { ...BASE, ...props };
  new AwsProvider(scope, 'aws', { region: edgeProps.homeRegion });
  const usEast1Provider = new AwsProvider(scope, 'aws-us-east-1', {
    alias: 'us_east_1',
    region: edgeRegion ?? 'us-east-1',
  });
  return new Edge(scope, 'edge', { ...edgeProps, usEast1Provider });
}

function synthEdge(props: Partial<TestProps> = {}): TerraformJson {
  return synthScope((scope) => build(scope, props));
}

function distributionOf(json: TerraformJson) {
  return onlyResource(json, 'aws_cloudfront_distribution') as Block & {
    default_cache_behavior: Record<string, unknown>;
    ordered_cache_behavior: Array<Record<string, unknown>>;
    origin: Array<Record<string, unknown>>;
  };
}

describe('edge module: certificate', () => {
  const json = synthEdge();

  it('issues the public name in us-east-1, DNS-validated, replaced before destroyed', () => {
    const certificate = onlyResource(json, 'aws_acm_certificate');
    expect(certificate).toMatchObject({
      domain_name: 'app.example.com',
      validation_method: 'DNS',
      provider: US_EAST_1,
      lifecycle: { create_before_destroy: true },
    });
    expect(onlyResource(json, 'aws_acm_certificate_validation')).toMatchObject({
      certificate_arn: reference('aws_acm_certificate', onlyName(json, 'aws_acm_certificate'), 'arn'),
      provider: US_EAST_1,
    });
    const validationRecord = resourcesOf(json, 'aws_route53_record').find(([name]) => name.includes('validation'));
    expect(validationRecord?.[1].zone_id).toBe(BASE.hostedZoneId);
  });
});

describe('edge module: web ACL', () => {
  const json = synthEdge();
  const acl = onlyResource(json, 'aws_wafv2_web_acl') as Block & { rule: Array<Record<string, unknown>> };

  it('is a CLOUDFRONT-scope ACL in us-east-1 that allows by default', () => {
    expect(acl).toMatchObject({ scope: 'CLOUDFRONT', provider: US_EAST_1, default_action: { allow: {} } });
  });

  it('runs the AWS managed Common, KnownBadInputs, SQLi and IP reputation groups with their own actions', () => {
    for (const group of [
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesSQLiRuleSet',
      'AWSManagedRulesAmazonIpReputationList',
    ]) {
      const rule = acl.rule.find((candidate) => candidate.name === group);
      expect(rule).toMatchObject({
        override_action: { none: {} },
        statement: { managed_rule_group_statement: { name: group, vendor_name: 'AWS' } },
      });
      expect(rule?.action).toBeUndefined();
    }
  });

  it('blocks a client IP above the configured rate', () => {
    const rateRules = acl.rule.filter((rule) => (rule.statement as Record<string, unknown>).rate_based_statement);
    expect(rateRules).toHaveLength(1);
    expect(rateRules[0]).toMatchObject({
      action: { block: {} },
      statement: { rate_based_statement: { limit: 1500, aggregate_key_type: 'IP' } },
    });
  });

  it('gives every rule and the ACL metrics and sampling, with distinct priorities and metric names', () => {
    const configs = [...acl.rule.map((rule) => rule.visibility_config), acl.visibility_config] as Array<
      Record<string, unknown>
    >;
    for (const config of configs) {
      expect(config).toMatchObject({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
    }
    expect(new Set(configs.map((config) => config.metric_name)).size).toBe(configs.length);
    expect(new Set(acl.rule.map((rule) => rule.priority)).size).toBe(acl.rule.length);
  });

  it('logs to an aws-waf-logs- group in us-east-1 with retention, redacting the origin secret', () => {
    const logGroupName = onlyName(json, 'aws_cloudwatch_log_group');
    const logGroup = onlyResource(json, 'aws_cloudwatch_log_group');
    expect(logGroup.name).toMatch(/^aws-waf-logs-/);
    expect(logGroup).toMatchObject({ retention_in_days: 60, provider: US_EAST_1 });
    const logging = onlyResource(json, 'aws_wafv2_web_acl_logging_configuration');
    expect(logging).toMatchObject({
      provider: US_EAST_1,
      resource_arn: reference('aws_wafv2_web_acl', onlyName(json, 'aws_wafv2_web_acl'), 'arn'),
      log_destination_configs: [reference('aws_cloudwatch_log_group', logGroupName, 'arn')],
    });
    expect(logging.redacted_fields).toContainEqual({ single_header: { name: ORIGIN_VERIFY_HEADER } });
    expect(logging.redacted_fields).toContainEqual({ single_header: { name: 'authorization' } });
  });

  it('lets the log delivery service write to that group only, for this account, before logging starts', () => {
    const policy = onlyResource(json, 'aws_cloudwatch_log_resource_policy');
    expect(policy.provider).toBe(US_EAST_1);
    const logGroupArn = reference('aws_cloudwatch_log_group', onlyName(json, 'aws_cloudwatch_log_group'), 'arn');
    const statements = dataSourcesOf(json, 'aws_iam_policy_document').flatMap(
      (document) => document.statement as Array<Record<string, unknown>>,
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${logGroupArn}:*`],
        principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com'] }],
        condition: expect.arrayContaining([
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] },
        ]),
      }),
    );
    expect(onlyResource(json, 'aws_wafv2_web_acl_logging_configuration').depends_on).toEqual([
      `aws_cloudwatch_log_resource_policy.${onlyName(json, 'aws_cloudwatch_log_resource_policy')}`,
    ]);
  });
});

describe('edge module: distribution', () => {
  const json = synthEdge();
  const distribution = distributionOf(json);
  const headersPolicyId = reference(
    'aws_cloudfront_response_headers_policy',
    onlyName(json, 'aws_cloudfront_response_headers_policy'),
    'id',
  );

  it('serves the public name with the us-east-1 certificate, SNI and TLS 1.2 (2021) or newer', () => {
    expect(distribution.aliases).toEqual(['app.example.com']);
    expect(distribution.viewer_certificate).toEqual({
      acm_certificate_arn: reference(
        'aws_acm_certificate_validation',
        onlyName(json, 'aws_acm_certificate_validation'),
        'certificate_arn',
      ),
      ssl_support_method: 'sni-only',
      minimum_protocol_version: 'TLSv1.2_2021',
    });
  });

  it('is guarded by the web ACL, speaks HTTP/2 and 3, and uses the configured price class', () => {
    expect(distribution).toMatchObject({
      enabled: true,
      web_acl_id: reference('aws_wafv2_web_acl', onlyName(json, 'aws_wafv2_web_acl'), 'arn'),
      http_version: 'http2and3',
      price_class: 'PriceClass_200',
    });
    expect(distribution.provider).toBeUndefined();
  });

  it('reaches the API custom domain over HTTPS/TLS 1.2 only, sending the origin secret', () => {
    expect(distribution.origin).toHaveLength(1);
    expect(distribution.origin[0]).toMatchObject({
      domain_name: 'origin.example.com',
      custom_origin_config: { origin_protocol_policy: 'https-only', origin_ssl_protocols: ['TLSv1.2'] },
      custom_header: [{ name: ORIGIN_VERIFY_HEADER, value: SECRET }],
    });
  });

  it('caches redirects by the origin Cache-Control, keyed on the path, compressed', () => {
    const cachePolicyName = onlyName(json, 'aws_cloudfront_cache_policy');
    expect(distribution.default_cache_behavior).toMatchObject({
      viewer_protocol_policy: 'redirect-to-https',
      allowed_methods: ['GET', 'HEAD', 'OPTIONS'],
      cached_methods: ['GET', 'HEAD'],
      compress: true,
      cache_policy_id: reference('aws_cloudfront_cache_policy', cachePolicyName, 'id'),
    });
    expect(distribution.default_cache_behavior.origin_request_policy_id).toBeUndefined();
    expect(onlyResource(json, 'aws_cloudfront_cache_policy')).toMatchObject({
      min_ttl: 0,
      default_ttl: 0,
      max_ttl: 86400,
      parameters_in_cache_key_and_forwarded_to_origin: {
        cookies_config: { cookie_behavior: 'none' },
        headers_config: { header_behavior: 'none' },
        query_strings_config: { query_string_behavior: 'none' },
        enable_accept_encoding_gzip: true,
        enable_accept_encoding_brotli: true,
      },
    });
  });

  it('never caches /api/*, forwards every viewer header but Host, and allows every method', () => {
    expect(distribution.ordered_cache_behavior).toHaveLength(1);
    const api = distribution.ordered_cache_behavior[0];
    expect(api).toMatchObject({
      path_pattern: '/api/*',
      viewer_protocol_policy: 'https-only',
      cache_policy_id: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      origin_request_policy_id: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      compress: true,
    });
    expect([...(api.allowed_methods as string[])].sort()).toEqual([
      'DELETE',
      'GET',
      'HEAD',
      'OPTIONS',
      'PATCH',
      'POST',
      'PUT',
    ]);
  });

  it('adds the security headers policy to every behaviour', () => {
    for (const behaviour of [distribution.default_cache_behavior, ...distribution.ordered_cache_behavior]) {
      expect(behaviour.response_headers_policy_id).toBe(headersPolicyId);
    }
    expect(onlyResource(json, 'aws_cloudfront_response_headers_policy').security_headers_config).toMatchObject({
      strict_transport_security: { access_control_max_age_sec: 63072000, include_subdomains: true, override: true },
      content_type_options: { override: true },
      frame_options: { frame_option: 'DENY', override: true },
      referrer_policy: { referrer_policy: 'strict-origin-when-cross-origin', override: true },
    });
  });

  it('logs to an ACL-enabled bucket that expires logs, created before the distribution', () => {
    const bucketName = onlyName(json, 'aws_s3_bucket');
    expect(distribution.logging_config).toMatchObject({
      bucket: reference('aws_s3_bucket', bucketName, 'bucket_domain_name'),
      include_cookies: false,
    });
    const ownership = onlyResource(json, 'aws_s3_bucket_ownership_controls');
    expect(ownership.rule).toEqual({ object_ownership: 'BucketOwnerPreferred' });
    expect(distribution.depends_on).toEqual([
      `aws_s3_bucket_ownership_controls.${onlyName(json, 'aws_s3_bucket_ownership_controls')}`,
    ]);
    const [rule] = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration').rule as Array<Record<string, unknown>>;
    expect(rule.expiration).toEqual([{ days: 60 }]);
  });

  it('keeps the log bucket in the home Region, and moves it to us-east-1 where CloudFront cannot deliver logs', () => {
    expect(onlyResource(json, 'aws_s3_bucket').provider).toBeUndefined();
    const optIn = synthEdge({ homeRegion: 'me-south-1' });
    expect(onlyResource(optIn, 'aws_s3_bucket').provider).toBe(US_EAST_1);
  });
});

describe('edge module: DNS', () => {
  const json = synthEdge();

  it('points A and AAAA alias records for the public name at the distribution', () => {
    const distribution = reference(
      'aws_cloudfront_distribution',
      onlyName(json, 'aws_cloudfront_distribution'),
      'domain_name',
    );
    const aliases = blocksOf(json, 'aws_route53_record').filter((record) => record.alias);
    expect(aliases.map((record) => record.type).sort()).toEqual(['A', 'AAAA']);
    for (const record of aliases) {
      expect(record).toMatchObject({
        zone_id: BASE.hostedZoneId,
        name: 'app.example.com',
        alias: { name: distribution, zone_id: 'Z2FDTNDATAQYW2', evaluate_target_health: false },
      });
    }
  });
});

describe('edge module: us-east-1 checks', () => {
  it('fails synth, naming the certificate and the web ACL, when the edge provider is not in us-east-1', () => {
    const stack = new TerraformStack(Testing.app(), 'wrong-region');
    build(stack, { edgeRegion: 'eu-west-1' });
    expect(() => synthStack(stack)).toThrow(/CloudFront certificate must use a provider in us-east-1.*got eu-west-1/s);
    expect(() => synthStack(stack)).toThrow(/CLOUDFRONT web ACL must use a provider in us-east-1/);
  });

  it('passes them with a us-east-1 provider', () => {
    const stack = new TerraformStack(Testing.app(), 'right-region');
    build(stack);
    expect(() => synthStack(stack)).not.toThrow();
  });
});
