import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { TerraformStack, Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { Edge, type EdgeProps } from '../../modules/edge';
import { ORIGIN_VERIFY_HEADER } from '../../service/src/contract';
import { onlyBlock, readStack, ref, synthStack } from '../helpers';

Testing.setupJest();

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

function synthEdge(props: Partial<TestProps> = {}): string {
  return Testing.synthScope((scope) => build(scope, props));
}

const synthesized = synthEdge();
const stack = readStack(synthesized);

describe('edge module: certificate', () => {
  it('issues the public name in us-east-1, DNS-validated, replaced before destroyed', () => {
    expect(synthesized).toHaveResourceWithProperties(AcmCertificate, {
      domain_name: 'app.example.com',
      validation_method: 'DNS',
      provider: US_EAST_1,
      lifecycle: { create_before_destroy: true },
    });
    expect(synthesized).toHaveResourceWithProperties(AcmCertificateValidation, {
      certificate_arn: ref(onlyBlock(stack, 'aws_acm_certificate'), 'arn'),
      provider: US_EAST_1,
    });
    const [validationRecord] = stack.resources('aws_route53_record').filter((r) => r.name.includes('validation'));
    expect(validationRecord.body.zone_id).toBe(BASE.hostedZoneId);
  });
});

describe('edge module: web ACL', () => {
  const acl = onlyBlock(stack, 'aws_wafv2_web_acl').body as { rule: Array<Record<string, unknown>> } & Record<
    string,
    unknown
  >;

  it('is a CLOUDFRONT-scope ACL in us-east-1 that allows by default', () => {
    expect(synthesized).toHaveResourceWithProperties(Wafv2WebAcl, {
      scope: 'CLOUDFRONT',
      provider: US_EAST_1,
      default_action: { allow: {} },
    });
  });

  it('runs the AWS managed Common, KnownBadInputs, SQLi and IP reputation groups with their own actions', () => {
    for (const group of [
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesSQLiRuleSet',
      'AWSManagedRulesAmazonIpReputationList',
    ]) {
      expect(synthesized).toHaveResourceWithProperties(Wafv2WebAcl, {
        rule: expect.arrayContaining([
          expect.objectContaining({
            name: group,
            override_action: { none: {} },
            statement: { managed_rule_group_statement: { name: group, vendor_name: 'AWS' } },
          }),
        ]),
      });
      expect(acl.rule.find((candidate) => candidate.name === group)?.action).toBeUndefined();
    }
  });

  it('blocks a client IP above the configured rate, before the managed groups run', () => {
    const rateRules = acl.rule.filter((rule) => (rule.statement as Record<string, unknown>).rate_based_statement);
    expect(rateRules).toEqual([
      expect.objectContaining({
        priority: 0,
        action: { block: {} },
        statement: { rate_based_statement: { limit: 1500, aggregate_key_type: 'IP' } },
      }),
    ]);
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
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: expect.stringMatching(/^aws-waf-logs-/),
      retention_in_days: 60,
      provider: US_EAST_1,
    });
    expect(synthesized).toHaveResourceWithProperties(Wafv2WebAclLoggingConfiguration, {
      provider: US_EAST_1,
      resource_arn: ref(onlyBlock(stack, 'aws_wafv2_web_acl'), 'arn'),
      log_destination_configs: [ref(onlyBlock(stack, 'aws_cloudwatch_log_group'), 'arn')],
      redacted_fields: expect.arrayContaining([
        { single_header: { name: ORIGIN_VERIFY_HEADER } },
        { single_header: { name: 'authorization' } },
      ]),
    });
  });

  it('lets the log delivery service write to that group only, for this account, before logging starts', () => {
    const policy = onlyBlock(stack, 'aws_cloudwatch_log_resource_policy');
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogResourcePolicy, { provider: US_EAST_1 });
    expect(synthesized).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
      statement: [
        expect.objectContaining({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${ref(onlyBlock(stack, 'aws_cloudwatch_log_group'), 'arn')}:*`],
          principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com'] }],
          condition: expect.arrayContaining([
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] },
          ]),
        }),
      ],
    });
    expect(synthesized).toHaveResourceWithProperties(Wafv2WebAclLoggingConfiguration, {
      depends_on: [policy.address],
    });
  });
});

describe('edge module: distribution', () => {
  const distribution = onlyBlock(stack, 'aws_cloudfront_distribution').body as Record<string, unknown> & {
    default_cache_behavior: Record<string, unknown>;
    ordered_cache_behavior: Array<Record<string, unknown>>;
  };
  const headersPolicyId = ref(onlyBlock(stack, 'aws_cloudfront_response_headers_policy'), 'id');

  it('serves the public name with the us-east-1 certificate, SNI and TLS 1.2 (2021) or newer', () => {
    expect(synthesized).toHaveResourceWithProperties(CloudfrontDistribution, {
      aliases: ['app.example.com'],
      viewer_certificate: {
        acm_certificate_arn: ref(onlyBlock(stack, 'aws_acm_certificate_validation'), 'certificate_arn'),
        ssl_support_method: 'sni-only',
        minimum_protocol_version: 'TLSv1.2_2021',
      },
    });
  });

  it('is guarded by the web ACL, speaks HTTP/2 and 3, and uses the configured price class', () => {
    expect(synthesized).toHaveResourceWithProperties(CloudfrontDistribution, {
      enabled: true,
      web_acl_id: ref(onlyBlock(stack, 'aws_wafv2_web_acl'), 'arn'),
      http_version: 'http2and3',
      price_class: 'PriceClass_200',
    });
    expect(synthesized).not.toHaveResourceWithProperties(CloudfrontDistribution, { provider: expect.anything() });
  });

  it('reaches the API custom domain over HTTPS/TLS 1.2 only, sending the origin secret', () => {
    expect(synthesized).toHaveResourceWithProperties(CloudfrontDistribution, {
      origin: [
        expect.objectContaining({
          domain_name: 'origin.example.com',
          custom_origin_config: expect.objectContaining({
            origin_protocol_policy: 'https-only',
            origin_ssl_protocols: ['TLSv1.2'],
          }),
          custom_header: [{ name: ORIGIN_VERIFY_HEADER, value: SECRET }],
        }),
      ],
    });
  });

  it('caches redirects by the origin Cache-Control, keyed on the path, compressed', () => {
    expect(distribution.default_cache_behavior).toMatchObject({
      viewer_protocol_policy: 'redirect-to-https',
      allowed_methods: ['GET', 'HEAD', 'OPTIONS'],
      cached_methods: ['GET', 'HEAD'],
      compress: true,
      cache_policy_id: ref(onlyBlock(stack, 'aws_cloudfront_cache_policy'), 'id'),
    });
    expect(distribution.default_cache_behavior.origin_request_policy_id).toBeUndefined();
    expect(synthesized).toHaveResourceWithProperties(CloudfrontCachePolicy, {
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
    const [api] = distribution.ordered_cache_behavior;
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
    expect(synthesized).toHaveResourceWithProperties(CloudfrontResponseHeadersPolicy, {
      security_headers_config: expect.objectContaining({
        strict_transport_security: {
          access_control_max_age_sec: 63072000,
          include_subdomains: true,
          override: true,
        },
        content_type_options: { override: true },
        frame_options: { frame_option: 'DENY', override: true },
        referrer_policy: { referrer_policy: 'strict-origin-when-cross-origin', override: true },
      }),
    });
  });

  it('logs to an ACL-enabled bucket that expires logs, created before the distribution', () => {
    expect(synthesized).toHaveResourceWithProperties(CloudfrontDistribution, {
      logging_config: expect.objectContaining({
        bucket: ref(onlyBlock(stack, 'aws_s3_bucket'), 'bucket_domain_name'),
        include_cookies: false,
      }),
      depends_on: [onlyBlock(stack, 'aws_s3_bucket_ownership_controls').address],
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: 'BucketOwnerPreferred' },
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [expect.objectContaining({ expiration: [{ days: 60 }] })],
    });
  });

  it('keeps the log bucket in the home Region, and moves it to us-east-1 where CloudFront cannot deliver logs', () => {
    expect(synthesized).not.toHaveResourceWithProperties(S3Bucket, { provider: expect.anything() });
    expect(synthEdge({ homeRegion: 'me-south-1' })).toHaveResourceWithProperties(S3Bucket, { provider: US_EAST_1 });
  });
});

describe('edge module: DNS', () => {
  it('points A and AAAA alias records for the public name at the distribution', () => {
    for (const type of ['A', 'AAAA']) {
      expect(synthesized).toHaveResourceWithProperties(Route53Record, {
        type,
        zone_id: BASE.hostedZoneId,
        name: 'app.example.com',
        alias: {
          name: ref(onlyBlock(stack, 'aws_cloudfront_distribution'), 'domain_name'),
          zone_id: 'Z2FDTNDATAQYW2',
          evaluate_target_health: false,
        },
      });
    }
    expect(stack.resources('aws_route53_record').filter((record) => record.body.alias)).toHaveLength(2);
  });
});

describe('edge module: props checks', () => {
  it('refuses a name that makes the log bucket prefix longer than S3 allows, naming the construct path', () => {
    expect(() => synthEdge({ name: 'n'.repeat(34) })).toThrow(
      /stack\/edge: name: makes the log bucket prefix "n{34}-cf-" longer than the 37 characters S3 allows/,
    );
    expect(() => synthEdge({ name: 'n'.repeat(33) })).not.toThrow();
  });
});

describe('edge module: us-east-1 checks (construct validations: a provider region can change after construction)', () => {
  it('fails synth, naming the certificate and the web ACL, when the edge provider is not in us-east-1', () => {
    const wrong = new TerraformStack(Testing.app(), 'wrong-region');
    build(wrong, { edgeRegion: 'eu-west-1' });
    expect(() => synthStack(wrong)).toThrow(/CloudFront certificate must use a provider in us-east-1.*got eu-west-1/s);
    expect(() => synthStack(wrong)).toThrow(/CLOUDFRONT web ACL must use a provider in us-east-1/);
  });

  it('passes them with a us-east-1 provider', () => {
    const right = new TerraformStack(Testing.app(), 'right-region');
    build(right);
    expect(() => synthStack(right)).not.toThrow();
  });

  it('sees a region changed after the edge was built', () => {
    const changed = new TerraformStack(Testing.app(), 'changed-region');
    const edge = build(changed);
    (edge.node.scope!.node.findChild('aws-us-east-1') as AwsProvider).region = 'eu-central-1';
    expect(() => synthStack(changed)).toThrow(/must use a provider in us-east-1.*got eu-central-1/s);
  });
});

describe('WAF logging scope', () => {
  const loggingOf = (props: Partial<TestProps>) =>
    onlyBlock(readStack(synthEdge(props)), 'aws_wafv2_web_acl_logging_configuration').body;

  it('logs every request by default', () => {
    expect(loggingOf({}).logging_filter).toBeUndefined();
  });

  it('keeps only blocked and counted requests when asked, dropping the rest', () => {
    expect(loggingOf({ wafLoggedRequests: 'blocked-and-counted' }).logging_filter).toEqual({
      default_behavior: 'DROP',
      filter: [
        {
          behavior: 'KEEP',
          requirement: 'MEETS_ANY',
          condition: [{ action_condition: { action: 'BLOCK' } }, { action_condition: { action: 'COUNT' } }],
        },
      ],
    });
  });
});
