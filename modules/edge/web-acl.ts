import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Wafv2WebAcl, type Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { Construct } from 'constructs';
import type { WafLoggedRequests } from '../../lib/cloudfront';
import { ORIGIN_VERIFY_HEADER } from '../../service/src/contract';
import { addUsEast1Validation } from '../shared/validations';

export interface EdgeWebAclProps {
  /** Prefix of resource and metric names, e.g. `shortlinks-dev`. */
  readonly name: string;
  /** Requests one client IP may make per 5-minute window before it is blocked. */
  readonly rateLimit: number;
  /** Days WAF logs are kept. */
  readonly logRetentionDays: number;
  /** Account that owns the log group, for the log delivery policy's confused-deputy guard. */
  readonly accountId: string;
  /** A provider in us-east-1: CloudFront reads CLOUDFRONT-scope web ACLs only there. */
  readonly provider: AwsProvider;
  /**
   * Which requests reach the WAF log. `blocked-and-counted` keeps what a rule acted on (the log's purpose: why was
   * this blocked, what would a counted rule block) and drops allowed requests, which CloudFront's access logs record
   * anyway; at about 1.5 KB a record that is most of WAF's log cost.
   * @default `all`, the complete record
   */
  readonly loggedRequests?: WafLoggedRequests;
}

/**
 * AWS managed rule groups, cheapest and most decisive first. Each runs with its own actions (override `none`).
 * Common covers XSS, LFI/RFI and oversized parts; KnownBadInputs covers Log4Shell-style payloads.
 */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;

/** Log groups WAF may write to must carry this prefix (AWS). */
const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';
/** Headers that carry secrets: WAF logs show them as REDACTED. */
const REDACTED_HEADERS = ['authorization', ORIGIN_VERIFY_HEADER];

/**
 * The edge firewall: a CLOUDFRONT-scope WAFv2 web ACL with AWS managed rules and a per-IP rate limit, logging
 * requests (all, or the blocked and counted ones) to CloudWatch Logs. All of it lives in us-east-1, next to CloudFront's control plane.
 */
export class EdgeWebAcl extends Construct {
  readonly webAcl: Wafv2WebAcl;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: EdgeWebAclProps) {
    super(scope, id);
    const provider = props.provider;
    addUsEast1Validation(this, 'The CLOUDFRONT web ACL', () => provider.region);
    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });

    // Rate limiting first: a flood is blocked before the managed groups spend capacity on it.
    const rateRule: Wafv2WebAclRule = {
      name: 'rate-limit-per-ip',
      priority: 0,
      action: { block: {} },
      // `statement` is untyped in the binding, so its keys are Terraform's own (snake_case).
      statement: { rate_based_statement: { limit: props.rateLimit, aggregate_key_type: 'IP' } },
      visibilityConfig: visibility(`${props.name}-rate-limit-per-ip`),
    };
    const managedRules: Wafv2WebAclRule[] = MANAGED_RULE_GROUPS.map((group, index) => ({
      name: group,
      priority: index + 1,
      overrideAction: { none: {} },
      statement: { managed_rule_group_statement: { name: group, vendor_name: 'AWS' } },
      visibilityConfig: visibility(`${props.name}-${group}`),
    }));

    this.webAcl = new Wafv2WebAcl(this, 'web-acl', {
      name: `${props.name}-edge`,
      // WAF accepts only [\w+=:#@/\-,.\s] in descriptions (no apostrophes); the provider checks only the length.
      description: `Edge firewall of the ${props.name} CloudFront distribution`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rule: [rateRule, ...managedRules],
      visibilityConfig: visibility(`${props.name}-edge`),
      provider,
    });

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `${WAF_LOG_GROUP_PREFIX}${props.name}`,
      retentionInDays: props.logRetentionDays,
      provider,
    });
    // WAF delivers through the log delivery service, which needs this policy on the log group's account and Region.
    const deliveryPolicy = new DataAwsIamPolicyDocument(this, 'log-delivery-policy-document', {
      statement: [
        {
          sid: 'WafLogDelivery',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${this.logGroup.arn}:*`],
          principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com'] }],
          condition: [
            {
              test: 'ArnLike',
              variable: 'aws:SourceArn',
              values: [`arn:aws:logs:${provider.region}:${props.accountId}:*`],
            },
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.accountId] },
          ],
        },
      ],
    });
    const logResourcePolicy = new CloudwatchLogResourcePolicy(this, 'log-delivery-policy', {
      policyName: `${props.name}-waf-log-delivery`,
      policyDocument: deliveryPolicy.json,
      provider,
    });
    new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } })),
      loggingFilter:
        props.loggedRequests === 'blocked-and-counted'
          ? {
              defaultBehavior: 'DROP',
              filter: [
                {
                  behavior: 'KEEP',
                  requirement: 'MEETS_ANY',
                  condition: [{ actionCondition: { action: 'BLOCK' } }, { actionCondition: { action: 'COUNT' } }],
                },
              ],
            }
          : undefined,
      provider,
      dependsOn: [logResourcePolicy],
    });
  }
}
