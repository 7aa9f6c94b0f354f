import type { Resource } from './resources';

/**
 * The boxes a reader of an AWS diagram expects. Each kind is founded by one resource type (its anchor); the
 * resources that only configure it (listeners, stages, task definitions, ...) are folded into it by PART_OF.
 * Resource types in neither list (IAM, security groups, route tables, ...) are plumbing and stay out of the picture.
 */
export type Kind =
  | 'client'
  | 'dns'
  | 'cdn'
  | 'waf'
  | 'certificate'
  | 'api'
  | 'vpcLink'
  | 'alb'
  | 'fargate'
  | 'table'
  | 'registry'
  | 'logs'
  | 'bucket'
  | 'stateBucket'
  | 'nat'
  | 'internetGateway'
  | 'endpoints'
  | 'flowLogs'
  | 'alarms'
  | 'alarmTopic';

/**
 * Where a kind sits. `global`: the edge box. `regional`: the Region box, or the edge box when the resource runs on the
 * aliased (us-east-1) provider. `subnets`: one copy in each subnet the anchor is placed in. `vpc-edge`: on the VPC's
 * border. `outside`: outside the AWS Cloud box.
 */
export type Placement = 'outside' | 'global' | 'regional' | 'subnets' | 'vpc-edge';

export interface KindSpec {
  /** The AWS service name as the official icon set titles it. */
  readonly title: string;
  /** Path under node_modules/aws-icons/icons, without `.svg`. */
  readonly icon: string;
  readonly placement: Placement;
  /** The resource type that founds a component of this kind (absent for kinds not backed by a resource). */
  readonly anchorType?: string;
  /** Narrows the anchor type, e.g. only alias records are the Route 53 entry point. */
  readonly anchorWhen?: (resource: Resource) => boolean;
  /** Anchors with the same key form one component (e.g. all log groups of a Region are one CloudWatch Logs box). */
  readonly groupBy?: (resource: Resource) => string;
}

export const KINDS: Readonly<Record<Kind, KindSpec>> = {
  client: { title: 'Clients', icon: 'resource/Users', placement: 'outside' },
  dns: {
    title: 'Amazon Route 53',
    icon: 'architecture-service/AmazonRoute53',
    placement: 'global',
    anchorType: 'aws_route53_record',
    anchorWhen: (r) => r.attributes.alias !== undefined,
    groupBy: (r) => String(r.attributes.zone_id),
  },
  cdn: {
    title: 'Amazon CloudFront',
    icon: 'architecture-service/AmazonCloudFront',
    placement: 'global',
    anchorType: 'aws_cloudfront_distribution',
  },
  waf: {
    title: 'AWS WAF',
    icon: 'architecture-service/AWSWAF',
    placement: 'regional',
    anchorType: 'aws_wafv2_web_acl',
  },
  certificate: {
    title: 'AWS Certificate Manager',
    icon: 'architecture-service/AWSCertificateManager',
    placement: 'regional',
    anchorType: 'aws_acm_certificate',
  },
  api: {
    title: 'Amazon API Gateway',
    icon: 'architecture-service/AmazonAPIGateway',
    placement: 'regional',
    anchorType: 'aws_apigatewayv2_api',
  },
  vpcLink: {
    title: 'VPC link',
    icon: 'resource/AmazonAPIGatewayEndpoint',
    placement: 'regional',
    anchorType: 'aws_apigatewayv2_vpc_link',
  },
  alb: {
    title: 'Application Load Balancer',
    icon: 'resource/ElasticLoadBalancingApplicationLoadBalancer',
    placement: 'subnets',
    anchorType: 'aws_lb',
  },
  fargate: {
    title: 'AWS Fargate',
    icon: 'architecture-service/AWSFargate',
    placement: 'subnets',
    anchorType: 'aws_ecs_service',
  },
  table: {
    title: 'Amazon DynamoDB',
    icon: 'architecture-service/AmazonDynamoDB',
    placement: 'regional',
    anchorType: 'aws_dynamodb_table',
  },
  registry: {
    title: 'Amazon ECR',
    icon: 'architecture-service/AmazonElasticContainerRegistry',
    placement: 'regional',
    anchorType: 'aws_ecr_repository',
  },
  logs: {
    title: 'Amazon CloudWatch Logs',
    icon: 'architecture-service/AmazonCloudWatch',
    placement: 'regional',
    anchorType: 'aws_cloudwatch_log_group',
    groupBy: (r) => r.region,
  },
  bucket: {
    title: 'Amazon S3',
    icon: 'architecture-service/AmazonSimpleStorageService',
    placement: 'regional',
    anchorType: 'aws_s3_bucket',
  },
  stateBucket: { title: 'Amazon S3', icon: 'architecture-service/AmazonSimpleStorageService', placement: 'regional' },
  nat: {
    title: 'NAT gateway',
    icon: 'resource/AmazonVPCNATGateway',
    placement: 'subnets',
    anchorType: 'aws_nat_gateway',
  },
  internetGateway: {
    title: 'Internet gateway',
    icon: 'resource/AmazonVPCInternetGateway',
    placement: 'vpc-edge',
    anchorType: 'aws_internet_gateway',
  },
  endpoints: {
    title: 'VPC endpoints',
    icon: 'resource/AmazonVPCEndpoints',
    placement: 'vpc-edge',
    anchorType: 'aws_vpc_endpoint',
    groupBy: (r) => String(r.attributes.vpc_endpoint_type ?? 'Gateway'),
  },
  flowLogs: {
    title: 'VPC Flow Logs',
    icon: 'resource/AmazonVPCFlowLogs',
    placement: 'vpc-edge',
    anchorType: 'aws_flow_log',
  },
  alarms: {
    title: 'Amazon CloudWatch alarms',
    icon: 'resource/AmazonCloudWatchAlarm',
    placement: 'regional',
    anchorType: 'aws_cloudwatch_metric_alarm',
    // One box per Region: the edge alarms live in us-east-1 with the metrics they watch.
    groupBy: (r) => r.region,
  },
  alarmTopic: {
    title: 'Amazon SNS',
    icon: 'architecture-service/AmazonSimpleNotificationService',
    placement: 'regional',
    anchorType: 'aws_sns_topic',
  },
};

/** The kind a resource founds, if any. */
export function anchorKindOf(resource: Resource): Kind | undefined {
  for (const [kind, spec] of Object.entries(KINDS) as [Kind, KindSpec][]) {
    if (spec.anchorType === resource.type && (spec.anchorWhen?.(resource) ?? true)) {
      return kind;
    }
  }
  return undefined;
}

/**
 * `child type -> parent types`: a resource of the child type that references, or is referenced by, a resource of a
 * parent type belongs to that resource's component. Chains resolve (listener rule -> listener -> load balancer).
 */
export const PART_OF: Readonly<Record<string, readonly string[]>> = {
  aws_lb_listener: ['aws_lb'],
  aws_lb_listener_rule: ['aws_lb_listener'],
  aws_lb_target_group: ['aws_lb_listener', 'aws_lb_listener_rule'],
  aws_apigatewayv2_integration: ['aws_apigatewayv2_api'],
  aws_apigatewayv2_route: ['aws_apigatewayv2_api'],
  aws_apigatewayv2_stage: ['aws_apigatewayv2_api'],
  aws_apigatewayv2_authorizer: ['aws_apigatewayv2_api'],
  aws_apigatewayv2_api_mapping: ['aws_apigatewayv2_api'],
  aws_apigatewayv2_domain_name: ['aws_apigatewayv2_api_mapping'],
  aws_ecs_task_definition: ['aws_ecs_service'],
  aws_ecs_cluster: ['aws_ecs_service'],
  aws_appautoscaling_target: ['aws_ecs_service'],
  aws_appautoscaling_policy: ['aws_appautoscaling_target'],
  aws_wafv2_web_acl_logging_configuration: ['aws_wafv2_web_acl'],
  aws_acm_certificate_validation: ['aws_acm_certificate'],
  aws_route53_record: ['aws_acm_certificate'],
  aws_cloudfront_response_headers_policy: ['aws_cloudfront_distribution'],
  aws_cloudfront_cache_policy: ['aws_cloudfront_distribution'],
  aws_cloudfront_origin_request_policy: ['aws_cloudfront_distribution'],
  aws_ecr_lifecycle_policy: ['aws_ecr_repository'],
  aws_ecr_repository_policy: ['aws_ecr_repository'],
  aws_s3_bucket_versioning: ['aws_s3_bucket'],
  aws_s3_bucket_server_side_encryption_configuration: ['aws_s3_bucket'],
  aws_s3_bucket_public_access_block: ['aws_s3_bucket'],
  aws_s3_bucket_policy: ['aws_s3_bucket'],
  aws_s3_bucket_lifecycle_configuration: ['aws_s3_bucket'],
  aws_s3_bucket_ownership_controls: ['aws_s3_bucket'],
  aws_eip: ['aws_nat_gateway'],
  aws_sns_topic_policy: ['aws_sns_topic'],
  aws_sns_topic_subscription: ['aws_sns_topic'],
  aws_kms_key: ['aws_sns_topic'],
  aws_kms_alias: ['aws_kms_key'],
};
