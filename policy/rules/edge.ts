import { type Body, at, blocks, firstBlock, isTrue, nonEmptyString, strings } from '../../lib/terraform-json/attributes';
import { mentions } from '../../lib/terraform-json/references';
import type { Block, StackModel } from '../model/stack';
import { webAclRules } from '../model/waf';
import { type Rule, type Violation, ruleFor } from '../rule';
import { CLOUDFRONT_REGION } from '../../modules/edge/cloudfront-constants';

const DISTRIBUTION = 'aws_cloudfront_distribution';
const WEB_ACL = 'aws_wafv2_web_acl';
/** CloudFront security policies that refuse TLS below 1.2 with weak ciphers (AWS: supported protocols). */
const MODERN_VIEWER_TLS = ['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'];
const HTTPS_VIEWER_POLICIES = ['redirect-to-https', 'https-only'];
/** CloudFront-scope resources (web ACLs, viewer certificates) exist only in us-east-1 (AWS). */
const REQUIRED_MANAGED_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesSQLiRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
];
const KNOWN_BAD_INPUTS = 'AWSManagedRulesKnownBadInputsRuleSet';

function behaviours(distribution: Block): { label: string; body: Body }[] {
  return [
    ...blocks(distribution.body.default_cache_behavior).map((body) => ({ label: 'default_cache_behavior', body })),
    ...blocks(distribution.body.ordered_cache_behavior).map((body, i) => ({
      label: `ordered_cache_behavior[${i}] ${body.path_pattern ?? ''}`.trim(),
      body,
    })),
  ];
}

function customOrigins(distribution: Block): { label: string; config: Body }[] {
  return blocks(distribution.body.origin).flatMap((origin) => {
    const config = firstBlock(origin.custom_origin_config);
    return config ? [{ label: `origin ${origin.origin_id ?? ''}`.trim(), config }] : [];
  });
}

type Problems = (block: Block, stack: StackModel) => string[];
const edgeRule = ruleFor('edge');
const distributionRule = (id: string, title: string, problems: Problems, related?: string[]) =>
  edgeRule(id, title, [DISTRIBUTION], problems, related);
const webAclRule = (id: string, title: string, problems: Problems, related?: string[]) =>
  edgeRule(id, title, [WEB_ACL], problems, related);

function missingManagedGroups(acl: Block, groups: string[]): string[] {
  const present = new Set(webAclRules(acl).map((rule) => rule.managedRuleGroup));
  return groups.filter((group) => !present.has(group)).map((group) => `no rule uses managed rule group ${group}`);
}

function regionProblem(stack: StackModel, block: Block, what: string): Violation[] {
  const region = stack.providerRegion(block);
  return region === CLOUDFRONT_REGION
    ? []
    : [
        {
          at: block,
          message: `${what} must be created in ${CLOUDFRONT_REGION}; its provider region is ${region ?? 'not a literal'}`,
        },
      ];
}

/** The certificate a distribution serves, through an aws_acm_certificate_validation when there is one. */
function viewerCertificate(stack: StackModel, distribution: Block): Block | undefined {
  const named = stack.target(at(distribution.body, 'viewer_certificate.acm_certificate_arn'));
  if (named?.type === 'aws_acm_certificate_validation') return stack.target(named.body.certificate_arn);
  return named;
}

export const edgeRules: Rule[] = [
  distributionRule('CKV_AWS_68', 'CloudFront distributions are protected by a WAF web ACL (web_acl_id).', (d) =>
    nonEmptyString(d.body.web_acl_id) ? [] : ['web_acl_id is not set'],
  ),
  distributionRule(
    'CKV_AWS_174',
    `CloudFront serves a custom ACM certificate with minimum_protocol_version ${MODERN_VIEWER_TLS[0]} or newer.`,
    (d) => {
      const certificate = firstBlock(d.body.viewer_certificate) ?? {};
      const problems: string[] = [];
      if (isTrue(certificate.cloudfront_default_certificate) || !nonEmptyString(certificate.acm_certificate_arn)) {
        problems.push('viewer_certificate does not use an ACM certificate');
      }
      if (!MODERN_VIEWER_TLS.includes(String(certificate.minimum_protocol_version))) {
        problems.push(`minimum_protocol_version is ${certificate.minimum_protocol_version ?? 'unset'}`);
      }
      return problems;
    },
    ['CKV2_AWS_42'],
  ),
  distributionRule('CKV_AWS_34', 'Every cache behaviour redirects viewers to HTTPS or accepts HTTPS only.', (d) =>
    behaviours(d)
      .filter(({ body }) => !HTTPS_VIEWER_POLICIES.includes(String(body.viewer_protocol_policy)))
      .map(({ label, body }) => `${label} viewer_protocol_policy is ${body.viewer_protocol_policy}`),
  ),
  distributionRule('CKV2_AWS_72', 'Custom origins are reached over HTTPS only.', (d) =>
    customOrigins(d)
      .filter(({ config }) => config.origin_protocol_policy !== 'https-only')
      .map(({ label, config }) => `${label} origin_protocol_policy is ${config.origin_protocol_policy}`),
  ),
  distributionRule('CKV2_AWS_54', 'Custom origins accept TLSv1.2 only (no SSLv3, TLSv1, TLSv1.1).', (d) =>
    customOrigins(d)
      .filter(({ config }) => {
        const protocols = strings(config.origin_ssl_protocols);
        return protocols.length === 0 || protocols.some((p) => p !== 'TLSv1.2');
      })
      .map(({ label, config }) => `${label} origin_ssl_protocols is ${JSON.stringify(config.origin_ssl_protocols)}`),
  ),
  distributionRule(
    'CKV_AWS_86',
    'CloudFront access logging is configured (logging_config or a log delivery source).',
    (d, stack) => {
      if (nonEmptyString(at(d.body, 'logging_config.bucket'))) return [];
      const delivered = stack
        .resources('aws_cloudwatch_log_delivery_source')
        .some((source) => mentions(source.body.resource_arn, d.address));
      return delivered ? [] : ['no logging_config bucket and no aws_cloudwatch_log_delivery_source for it'];
    },
  ),
  distributionRule('CKV2_AWS_32', 'Every cache behaviour sets a response headers policy (HSTS and friends).', (d) =>
    behaviours(d)
      .filter(({ body }) => !nonEmptyString(body.response_headers_policy_id))
      .map(({ label }) => `${label} has no response_headers_policy_id`),
  ),
  distributionRule(
    'CUSTOM_CF_CERT_US_EAST_1',
    `The CloudFront viewer certificate is issued in ${CLOUDFRONT_REGION} (aliased provider).`,
    (d, stack) => {
      const arn = at(d.body, 'viewer_certificate.acm_certificate_arn');
      if (!nonEmptyString(arn)) return [];
      if (arn.startsWith('arn:'))
        return arn.split(':')[3] === CLOUDFRONT_REGION ? [] : [`certificate ${arn} is not in ${CLOUDFRONT_REGION}`];
      const certificate = viewerCertificate(stack, d);
      if (!certificate)
        return [`cannot tell the region of certificate ${arn}: not an aws_acm_certificate of this stack`];
      return regionProblem(stack, certificate, `certificate ${certificate.address}`).map((v) => v.message);
    },
  ),
  webAclRule(
    'CKV2_AWS_47',
    `Web ACLs include ${KNOWN_BAD_INPUTS} (Log4j and other known exploit inputs).`,
    (acl) => missingManagedGroups(acl, [KNOWN_BAD_INPUTS]),
    ['CKV_AWS_192'],
  ),
  webAclRule('CKV_AWS_175', 'Web ACLs have at least one rule.', (acl) =>
    webAclRules(acl).length ? [] : ['the web ACL has no rules'],
  ),
  webAclRule('CKV_AWS_342', 'Every web ACL rule has an action or an override action.', (acl) =>
    webAclRules(acl)
      .filter((rule) => !rule.hasAction)
      .map((rule) => `rule ${rule.name} has neither action nor override_action`),
  ),
  webAclRule('CKV2_AWS_31', 'Every web ACL has a WAF logging configuration.', (acl, stack) =>
    stack.referrers(acl, 'resource_arn', 'aws_wafv2_web_acl_logging_configuration').length
      ? []
      : ['no aws_wafv2_web_acl_logging_configuration names this web ACL'],
  ),
  webAclRule(`CUSTOM_WAF_MANAGED_RULES`, `Web ACLs include ${REQUIRED_MANAGED_GROUPS.join(', ')}.`, (acl) =>
    missingManagedGroups(acl, REQUIRED_MANAGED_GROUPS),
  ),
  webAclRule('CUSTOM_WAF_RATE_RULE', 'Web ACLs include a rate-based rule (per-IP flood limit).', (acl) =>
    webAclRules(acl).some((rule) => rule.rateBased) ? [] : ['no rate-based rule'],
  ),
  {
    id: 'CUSTOM_WAF_CLOUDFRONT_SCOPE',
    severity: 'error',
    section: 'edge',
    title: `Web ACLs on CloudFront have scope CLOUDFRONT and a provider in ${CLOUDFRONT_REGION}.`,
    check: (stack) => {
      const onDistributions = new Set(
        stack.resources(DISTRIBUTION).flatMap((d) => stack.target(d.body.web_acl_id)?.address ?? []),
      );
      return stack.resources(WEB_ACL).flatMap((acl) => {
        const scope = acl.body.scope;
        if (scope !== 'CLOUDFRONT') {
          return onDistributions.has(acl.address) ? [{ at: acl, message: `scope is ${scope}, not CLOUDFRONT` }] : [];
        }
        return regionProblem(stack, acl, 'a CLOUDFRONT-scope web ACL');
      });
    },
  },
];
