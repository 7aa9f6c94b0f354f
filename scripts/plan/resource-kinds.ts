/**
 * Which resource types a reviewer must look at twice. Stateful: destroying or replacing one loses data
 * or breaks what depends on it (the links table, the images, the Terraform state bucket and every other
 * bucket's objects, certificates that CloudFront and API Gateway serve, log history). Security-relevant:
 * they decide who can reach or do what.
 */

const STATEFUL_TYPES = new Set([
  'aws_dynamodb_table',
  'aws_ecr_repository',
  'aws_s3_bucket',
  'aws_acm_certificate',
  'aws_cloudwatch_log_group',
  'aws_kms_key',
]);

const SECURITY_TYPES = new Set([
  'aws_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_network_acl',
  'aws_network_acl_rule',
  'aws_lb_listener',
  'aws_lb_listener_rule',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_public_access_block',
  // A key's inline policy and a topic's policy decide who may decrypt or publish (the alarm topics).
  'aws_kms_key',
  'aws_kms_key_policy',
  'aws_sns_topic_policy',
  'aws_cloudwatch_log_resource_policy',
  'aws_apigatewayv2_authorizer',
  'aws_cloudfront_distribution',
]);

const SECURITY_PREFIXES = ['aws_iam_', 'aws_wafv2_'];

export function isStateful(resourceType: string): boolean {
  return STATEFUL_TYPES.has(resourceType);
}

export function isSecurityRelevant(resourceType: string): boolean {
  return SECURITY_TYPES.has(resourceType) || SECURITY_PREFIXES.some((prefix) => resourceType.startsWith(prefix));
}
