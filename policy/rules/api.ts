import { asNumber, at, blocks, firstBlock, isTrue, nonEmptyString } from '../../lib/terraform-json/attributes';
import { referencesIn } from '../../lib/terraform-json/references';
import type { Block, StackModel } from '../model/stack';
import { type Rule, laxer, ruleFor, stricter, upstream } from '../rule';

const WRITE_METHODS = /^(POST|PUT|PATCH|DELETE|ANY)\s/;
const NO_AUTHORIZATION = [undefined, 'NONE'];

const apiRule = ruleFor('api');

function routeAuthorizationProblem(route: Block, stack: StackModel): string | undefined {
  const api = stack.target(route.body.api_id);
  const authEnabled = api && stack.referrers(api, 'api_id', 'aws_apigatewayv2_authorizer').length > 0;
  if (!authEnabled || !NO_AUTHORIZATION.includes(route.body.authorization_type as string | undefined)) return undefined;
  const key = String(route.body.route_key);
  return WRITE_METHODS.test(`${key} `) || key === '$default'
    ? `write route "${key}" has no authorizer although ${api.address} has one`
    : `route "${key}" is public although ${api.address} has an authorizer; write down why (an exception) if reads are meant to be public`;
}

/** Alias names and A-record values that point at a resource this stack manages, and those that do not. */
function danglingTargets(record: Block, stack: StackModel): string[] {
  const managed = (value: unknown) =>
    referencesIn(value).some((ref) => ref.kind === 'resource' && stack.block(ref.address) !== undefined);
  const aliases = blocks(record.body.alias);
  if (aliases.length > 0) {
    return aliases
      .filter((alias) => !managed(alias.name))
      .map((alias) => `alias name ${JSON.stringify(alias.name)} is not an attribute of a resource in this stack`);
  }
  if (record.body.type !== 'A' || managed(record.body.records)) return [];
  return [`A record values ${JSON.stringify(record.body.records ?? [])} name no resource of this stack`];
}

export const apiRules: Rule[] = [
  apiRule(
    'CKV_AWS_233',
    'Certificates are replaced create-before-destroy, so a renewal never leaves a listener without one.',
    ['aws_acm_certificate'],
    (cert) =>
      isTrue(at(cert.body, 'lifecycle.create_before_destroy'))
        ? undefined
        : 'lifecycle.create_before_destroy is not true',
    [upstream('CKV_AWS_233', 'Ensure Create before destroy for ACM certificates')],
  ),
  apiRule(
    'CKV_AWS_234',
    'Certificate transparency logging is not disabled.',
    ['aws_acm_certificate'],
    (cert) =>
      at(cert.body, 'options.certificate_transparency_logging_preference') === 'DISABLED'
        ? 'certificate_transparency_logging_preference is DISABLED'
        : undefined,
    [upstream('CKV_AWS_234', 'Verify logging preference for ACM certificates')],
  ),
  apiRule(
    'CKV2_AWS_23',
    'Alias records, and A records, point at resources this stack manages (no dangling records).',
    ['aws_route53_record'],
    danglingTargets,
    [
      upstream(
        'CKV2_AWS_23',
        'Route53 A Record has Attached Resource',
        stricter(
          'alias records of every type (AAAA too) are checked, and a target read from a data source or module output fails: only a resource this stack manages cannot dangle',
        ),
        laxer(
          'any managed resource counts as a target; Checkov lists the resource types it accepts (instances, EIPs, load balancers, distributions, API domain names...)',
        ),
      ),
    ],
  ),
  apiRule(
    'CKV_AWS_76',
    'API stages write access logs with a format.',
    ['aws_apigatewayv2_stage', 'aws_api_gateway_stage'],
    (stage) => {
      const logs = firstBlock(stage.body.access_log_settings);
      return logs && nonEmptyString(logs.destination_arn) && nonEmptyString(logs.format)
        ? undefined
        : 'access_log_settings lacks a destination_arn or a format';
    },
    [
      upstream(
        'CKV_AWS_76',
        'Ensure API Gateway has Access Logging enabled',
        stricter('the access log settings need a format as well as a destination'),
      ),
    ],
  ),
  apiRule(
    'CKV_AWS_309',
    'When the API has an authorizer, routes use it (public reads are written down as exceptions).',
    ['aws_apigatewayv2_route'],
    routeAuthorizationProblem,
    [
      upstream(
        'CKV_AWS_309',
        'Ensure API GatewayV2 routes specify an authorization type',
        laxer(
          'routes of an API without any authorizer pass: such an API is public by configuration (authentication switched off for the environment), and every route of it would otherwise need the same exception',
        ),
      ),
    ],
  ),
  apiRule(
    'CUSTOM_API_EXECUTE_ENDPOINT',
    'The execute-api endpoint is disabled: clients come through CloudFront and the custom domain only.',
    ['aws_apigatewayv2_api'],
    (api) => (isTrue(api.body.disable_execute_api_endpoint) ? undefined : 'disable_execute_api_endpoint is not true'),
  ),
  apiRule(
    'CUSTOM_API_THROTTLING',
    'HTTP API stages set throttling limits (burst and rate) for their routes.',
    ['aws_apigatewayv2_stage'],
    (stage) => {
      const settings = firstBlock(stage.body.default_route_settings);
      const burst = asNumber(settings?.throttling_burst_limit) ?? 0;
      const rate = asNumber(settings?.throttling_rate_limit) ?? 0;
      return burst > 0 && rate > 0
        ? undefined
        : `default_route_settings throttling is burst ${settings?.throttling_burst_limit ?? 'unset'}, rate ${settings?.throttling_rate_limit ?? 'unset'}`;
    },
  ),
];
