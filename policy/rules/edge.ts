import {
  type Body,
  at,
  blocks,
  firstBlock,
  isTrue,
  nonEmptyString,
  strings,
} from '../../lib/terraform-json/attributes';
import { mentions } from '../../lib/terraform-json/references';
import { CLOUDFRONT_REGION } from '../../lib/cloudfront';
import type { Block, StackModel } from '../model/stack';
import { notBlocking, webAclRules } from '../model/waf';
import { type Rule, type Upstream, type Violation, laxer, notCovered, ruleFor, stricter, upstream } from '../rule';

const DISTRIBUTION = 'aws_cloudfront_distribution';
const WEB_ACL = 'aws_wafv2_web_acl';
const RULE_GROUP = 'aws_wafv2_rule_group';
/** CloudFront security policies that refuse TLS below 1.2 with weak ciphers (AWS: supported protocols). */
const MODERN_VIEWER_TLS = ['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'];
const HTTPS_VIEWER_POLICIES = ['redirect-to-https', 'https-only'];
const REQUIRED_MANAGED_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesSQLiRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
];
const KNOWN_BAD_INPUTS = 'AWSManagedRulesKnownBadInputsRuleSet';
/** The rule of the KnownBadInputs group that blocks Log4Shell (CVE-2021-44228) in headers, URI and body. */
const LOG4J_RULE = 'Log4JRCE';

/** WAF Classic types an upstream WAF check reads: AWS has retired WAF Classic, and this platform uses WAFv2. */
const classicWaf = (...types: string[]) =>
  notCovered(types, 'WAF Classic, which AWS has retired; this platform uses WAFv2 only');
/** A distribution without a default_cache_behavior cannot be read, so the behaviour rules do not pass it. */
const MISSING_BEHAVIOUR = stricter(
  'a distribution without a default_cache_behavior fails (Terraform requires one; Checkov passes it)',
);

function behaviours(distribution: Block): { label: string; body: Body }[] {
  return [
    ...blocks(distribution.body.default_cache_behavior).map((body) => ({ label: 'default_cache_behavior', body })),
    ...blocks(distribution.body.ordered_cache_behavior).map((body, i) => ({
      label: `ordered_cache_behavior[${i}] ${body.path_pattern ?? ''}`.trim(),
      body,
    })),
  ];
}

/** Problems of each cache behaviour, and of a distribution that declares no default behaviour at all. */
function behaviourProblems(distribution: Block, problem: (body: Body) => string | undefined): string[] {
  if (blocks(distribution.body.default_cache_behavior).length === 0) return ['no default_cache_behavior'];
  return behaviours(distribution).flatMap(({ label, body }) => {
    const found = problem(body);
    return found ? [`${label} ${found}`] : [];
  });
}

function customOrigins(distribution: Block): { label: string; config: Body }[] {
  return blocks(distribution.body.origin).flatMap((origin) => {
    const config = firstBlock(origin.custom_origin_config);
    return config ? [{ label: `origin ${origin.origin_id ?? ''}`.trim(), config }] : [];
  });
}

type Problems = (block: Block, stack: StackModel) => string[];
const edgeRule = ruleFor('edge');
const distributionRule = (id: string, title: string, problems: Problems, upstreamIds?: Upstream[]) =>
  edgeRule(id, title, [DISTRIBUTION], problems, upstreamIds);
const webAclRule = (id: string, title: string, problems: Problems, upstreamIds?: Upstream[]) =>
  edgeRule(id, title, [WEB_ACL], problems, upstreamIds);

function missingManagedGroups(acl: Block, groups: string[]): string[] {
  const present = new Set(webAclRules(acl).map((rule) => rule.managedRuleGroup));
  return groups.filter((group) => !present.has(group)).map((group) => `no rule uses managed rule group ${group}`);
}

/** KnownBadInputs must be present and block Log4JRCE: not in count mode, not excluded, not overridden. */
function log4jProblems(acl: Block): string[] {
  const groupRules = webAclRules(acl).filter((rule) => rule.managedRuleGroup === KNOWN_BAD_INPUTS);
  if (groupRules.length === 0) return [`no rule uses managed rule group ${KNOWN_BAD_INPUTS}`];
  const blocking = groupRules.filter((rule) => notBlocking(rule, LOG4J_RULE) === undefined);
  return blocking.length ? [] : groupRules.map((rule) => `${notBlocking(rule, LOG4J_RULE)}, so Log4Shell passes`);
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

/** A CloudWatch log delivery that carries a distribution's access logs to a destination. */
function deliversLogs(stack: StackModel, distribution: Block): boolean {
  return stack
    .resources('aws_cloudwatch_log_delivery_source')
    .filter((source) => mentions(source.body.resource_arn, distribution.address))
    .some((source) =>
      stack
        .resources('aws_cloudwatch_log_delivery')
        .some(
          (delivery) =>
            (mentions(delivery.body.delivery_source_name, source.address) ||
              delivery.body.delivery_source_name === source.body.name) &&
            stack
              .resources('aws_cloudwatch_log_delivery_destination')
              .some((destination) => mentions(delivery.body.delivery_destination_arn, destination.address)),
        ),
    );
}

export const edgeRules: Rule[] = [
  distributionRule(
    'CKV_AWS_68',
    'CloudFront distributions are protected by a WAF web ACL (web_acl_id).',
    (d) => (nonEmptyString(d.body.web_acl_id) ? [] : ['web_acl_id is not set']),
    [upstream('CKV_AWS_68', 'CloudFront Distribution should have WAF enabled')],
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
    [
      upstream(
        'CKV_AWS_174',
        'Verify CloudFront Distribution Viewer Certificate is using TLS v1.2',
        stricter('TLSv1.2_2018 and TLSv1.2_2019 fail (they keep CBC ciphers), and the certificate must come from ACM'),
        laxer('TLSv1.2_2025 and TLSv1.3_2025, newer than Checkov’s list, pass'),
      ),
      upstream(
        'CKV2_AWS_42',
        'Ensure AWS CloudFront distribution uses custom SSL certificate',
        stricter(
          'the certificate must come from ACM (which renews it); an IAM server certificate (iam_certificate_id) fails',
        ),
      ),
    ],
  ),
  distributionRule(
    'CKV_AWS_34',
    'Every cache behaviour redirects viewers to HTTPS or accepts HTTPS only.',
    (d) =>
      behaviourProblems(d, (body) =>
        HTTPS_VIEWER_POLICIES.includes(String(body.viewer_protocol_policy))
          ? undefined
          : `viewer_protocol_policy is ${body.viewer_protocol_policy}`,
      ),
    [upstream('CKV_AWS_34', 'Ensure cloudfront distribution ViewerProtocolPolicy is set to HTTPS', MISSING_BEHAVIOUR)],
  ),
  distributionRule(
    'CKV2_AWS_72',
    'Custom origins are reached over HTTPS only.',
    (d) =>
      customOrigins(d)
        .filter(({ config }) => config.origin_protocol_policy !== 'https-only')
        .map(({ label, config }) => `${label} origin_protocol_policy is ${config.origin_protocol_policy}`),
    [
      upstream(
        'CKV2_AWS_72',
        'Ensure AWS CloudFront origin protocol policy enforces HTTPS-only',
        stricter(
          'every custom origin, of enabled and disabled distributions; Checkov only looks at origins whose domain is an ELB, MediaStore or MediaPackage one',
        ),
      ),
    ],
  ),
  distributionRule(
    'CKV2_AWS_54',
    'Custom origins accept TLSv1.2 only (no SSLv3, TLSv1, TLSv1.1).',
    (d) =>
      customOrigins(d)
        .filter(({ config }) => {
          const protocols = strings(config.origin_ssl_protocols);
          return protocols.length === 0 || protocols.some((p) => p !== 'TLSv1.2');
        })
        .map(({ label, config }) => `${label} origin_ssl_protocols is ${JSON.stringify(config.origin_ssl_protocols)}`),
    [
      upstream(
        'CKV2_AWS_54',
        'Ensure AWS CloudFront distribution is using secure SSL protocols for HTTPS communication',
        stricter('TLSv1 and TLSv1.1 fail too; Checkov refuses only SSLv3'),
      ),
    ],
  ),
  distributionRule(
    'CKV_AWS_86',
    'CloudFront access logging is configured: logging_config, or a log delivery from a source to a destination.',
    (d, stack) =>
      nonEmptyString(at(d.body, 'logging_config.bucket')) || deliversLogs(stack, d)
        ? []
        : [
            'no logging_config bucket, and no aws_cloudwatch_log_delivery from a delivery source for it to a destination',
          ],
    [upstream('CKV_AWS_86', 'Ensure CloudFront distribution has Access Logging enabled')],
  ),
  distributionRule(
    'CKV2_AWS_32',
    'Every cache behaviour sets a response headers policy (HSTS and friends).',
    (d) =>
      behaviourProblems(d, (body) =>
        nonEmptyString(body.response_headers_policy_id) ? undefined : 'has no response_headers_policy_id',
      ),
    [
      upstream(
        'CKV2_AWS_32',
        'Ensure CloudFront distribution has a response headers policy attached',
        stricter('every cache behaviour needs one; Checkov is satisfied when any behaviour references any policy'),
        MISSING_BEHAVIOUR,
      ),
    ],
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
    `Web ACLs run ${KNOWN_BAD_INPUTS} so that its ${LOG4J_RULE} rule blocks (Log4Shell and other known exploit inputs).`,
    log4jProblems,
    [
      upstream(
        'CKV2_AWS_47',
        'Ensure AWS CloudFront attached WAFv2 WebACL is configured with AMR for Log4j Vulnerability',
        laxer(
          'AWSManagedRulesAnonymousIpList is not required: it blocks VPN, Tor and hosting-provider addresses, and a public link shortener should not refuse people who follow a link through one; IP reputation and the rate rule cover abuse',
        ),
        stricter(
          `every web ACL, not only those attached to a distribution, and the group must block ${LOG4J_RULE} (no count mode, exclusion or override)`,
        ),
      ),
      upstream(
        'CKV_AWS_192',
        'Ensure WAF prevents message lookup in Log4j2. See CVE-2021-44228 aka log4jshell',
        stricter(
          `a ${LOG4J_RULE} rule_action_override to anything but block fails, as the AWS provider 4 excluded_rule does; rules written as rule_json are read too`,
        ),
      ),
    ],
  ),
  webAclRule(
    'CKV_AWS_175',
    'Web ACLs have at least one rule with a statement (an empty rule {} matches nothing).',
    (acl) => (webAclRules(acl).some((rule) => rule.hasStatement) ? [] : ['the web ACL has no rule with a statement']),
    [
      upstream(
        'CKV_AWS_175',
        'Ensure WAF has any rules',
        stricter('rules written as rule_json count, and a rule without a statement does not'),
        classicWaf('aws_waf_web_acl'),
      ),
    ],
  ),
  edgeRule(
    'CKV_AWS_342',
    'Every web ACL and rule group rule has an action or an override action with a body (action {} decides nothing).',
    [WEB_ACL, RULE_GROUP],
    (acl) =>
      webAclRules(acl)
        .filter((rule) => !rule.hasAction)
        .map((rule) => `rule ${rule.name} has neither an action nor an override_action with a body`),
    [
      upstream(
        'CKV_AWS_342',
        'Ensure WAF rule has any actions',
        stricter(
          'a managed rule group rule needs an override_action too (Checkov passes it without one; WAF rejects it at apply time)',
        ),
        classicWaf('aws_waf_web_acl', 'aws_wafregional_web_acl', 'aws_waf_rule_group', 'aws_wafregional_rule_group'),
      ),
    ],
  ),
  webAclRule(
    'CKV2_AWS_31',
    'Every web ACL has a WAF logging configuration.',
    (acl, stack) =>
      stack.referrers(acl, 'resource_arn', 'aws_wafv2_web_acl_logging_configuration').length
        ? []
        : ['no aws_wafv2_web_acl_logging_configuration names this web ACL'],
    [upstream('CKV2_AWS_31', 'Ensure WAF2 has a Logging Configuration')],
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
