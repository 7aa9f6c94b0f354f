import { asNumber, at as attribute, blocks, isFalse, isTrue } from '../lib/terraform-json/attributes';
import { defaultRegion, type AnalyzedStack } from './analyzed-stack';
import { endpointService, literal } from './details';
import type { Resource } from './resources';

/**
 * The configured numbers and settings of one environment, read from its synthesized stack, so that the architecture
 * document states what deploys rather than what someone remembered to type. Absent settings stay undefined.
 */
export interface PlatformFacts {
  readonly environment: string;
  readonly region: string;
  readonly vpcCidr: string | undefined;
  /** AZs of the private subnets, where the ALB and the tasks run. */
  readonly availabilityZones: readonly string[];
  readonly natGateways: number;
  readonly gatewayEndpoints: readonly string[];
  readonly interfaceEndpoints: readonly string[];
  readonly taskCpu: number | undefined;
  readonly taskMemoryMiB: number | undefined;
  readonly desiredCount: number | undefined;
  readonly minTasks: number | undefined;
  readonly maxTasks: number | undefined;
  /** Target-tracking policies: metric name and target value (percent). */
  readonly scalingTargets: readonly { readonly metric: string; readonly target: number }[];
  readonly circuitBreakerRollback: boolean | undefined;
  readonly throttleBurst: number | undefined;
  readonly throttleRatePerSecond: number | undefined;
  readonly wafRateLimit: number | undefined;
  /** The window the rate limit counts over; AWS's default is 300 seconds. */
  readonly wafRateWindowSeconds: number | undefined;
  readonly wafManagedRuleGroups: readonly string[];
  readonly tableBillingMode: string | undefined;
  readonly pointInTimeRecovery: boolean | undefined;
  readonly tableDeletionProtection: boolean | undefined;
  readonly ttlAttribute: string | undefined;
  readonly albSslPolicy: string | undefined;
  readonly albIdleTimeoutSeconds: number | undefined;
  readonly albDeletionProtection: boolean | undefined;
  readonly healthCheckPath: string | undefined;
  readonly cdnPriceClass: string | undefined;
  readonly cdnMinimumTls: string | undefined;
  readonly cdnHttpVersion: string | undefined;
  readonly imageTagMutability: string | undefined;
  readonly scanOnPush: boolean | undefined;
  /** Names Route 53 alias records publish. */
  readonly dnsNames: readonly string[];
  readonly certificates: readonly { readonly domain: string; readonly region: string }[];
  /** Each log group, what writes to it (found from the references to it) and its retention. */
  readonly logGroups: readonly LogGroupFact[];
  /** Buckets the stack creates (access logs), by name or `prefix*`. */
  readonly buckets: readonly string[];
  readonly state: StateFacts | undefined;
  /** Every CloudWatch alarm: what it watches and when it fires. */
  readonly alarms: readonly AlarmFact[];
  /** The SNS topics alarms notify. */
  readonly alarmTopics: readonly AlarmTopicFact[];
  /** Alarms whose firing rolls an ECS deployment back (the service's `alarms` block with rollback), by key. */
  readonly rollbackAlarms: readonly string[];
}

export interface AlarmFact {
  /** The alarm's construct id (`alb-target-5xx-rate`), the same in every environment. */
  readonly key: string;
  readonly region: string;
  /** The metric and statistic, or the label of its metric math (`Target 5xx (% of requests)`). */
  readonly watches: string;
  /** `> 5`, `< 3`: comparison and threshold. */
  readonly condition: string;
  /** `3 of 3 × 1 min`: datapoints that must breach, of how many, of what period. */
  readonly window: string;
}

export interface AlarmTopicFact {
  readonly name: string;
  readonly region: string;
  readonly encrypted: boolean;
  readonly emailSubscriptions: number;
}

export interface LogGroupFact {
  readonly name: string;
  readonly writer: string;
  readonly retentionDays: number | undefined;
}

/** The resource types that write to a log group, named as the document names them. */
const LOG_WRITERS: Readonly<Record<string, string>> = {
  aws_ecs_task_definition: 'application (ECS tasks)',
  aws_apigatewayv2_stage: 'API Gateway access logs',
  aws_flow_log: 'VPC flow logs',
  aws_wafv2_web_acl_logging_configuration: 'WAF logs',
};

/** `stacks`: every synthesized stack, to find the one that creates the state bucket. */
export function platformFacts(stack: AnalyzedStack, stacks: readonly AnalyzedStack[]): PlatformFacts {
  const { resources, references } = stack;
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const one = (type: string) => ofType(type)[0];
  const privateSubnets = ofType('aws_subnet').filter((s) => at(s, 'tags', 'Tier') === 'private');
  const endpoints = (kind: string) =>
    ofType('aws_vpc_endpoint')
      .filter((e) => (text(at(e, 'vpc_endpoint_type')) ?? 'Gateway') === kind)
      .map((e) => endpointService(at(e, 'service_name')))
      .filter((name): name is string => name !== undefined)
      .sort();
  const stage = one('aws_apigatewayv2_stage');
  const wafRules = ofType('aws_wafv2_web_acl').flatMap((acl) => blocks(at(acl, 'rule')));
  const task = one('aws_ecs_task_definition');
  const scaling = one('aws_appautoscaling_target');
  const service = one('aws_ecs_service');
  const table = one('aws_dynamodb_table');
  const distribution = one('aws_cloudfront_distribution');
  const repository = one('aws_ecr_repository');
  return {
    environment: stack.name,
    region: defaultRegion(stack),
    vpcCidr: text(at(one('aws_vpc'), 'cidr_block')),
    availabilityZones: [...new Set(privateSubnets.map((s) => text(at(s, 'availability_zone')) ?? '?'))].sort(),
    natGateways: ofType('aws_nat_gateway').length,
    gatewayEndpoints: endpoints('Gateway'),
    interfaceEndpoints: endpoints('Interface'),
    taskCpu: asNumber(at(task, 'cpu')),
    taskMemoryMiB: asNumber(at(task, 'memory')),
    desiredCount: asNumber(at(service, 'desired_count')),
    minTasks: asNumber(at(scaling, 'min_capacity')),
    maxTasks: asNumber(at(scaling, 'max_capacity')),
    scalingTargets: ofType('aws_appautoscaling_policy')
      .map((p) => ({
        metric: text(
          at(
            p,
            'target_tracking_scaling_policy_configuration',
            'predefined_metric_specification',
            'predefined_metric_type',
          ),
        ),
        target: asNumber(at(p, 'target_tracking_scaling_policy_configuration', 'target_value')),
      }))
      .filter((t): t is { metric: string; target: number } => t.metric !== undefined && t.target !== undefined)
      .sort((a, b) => a.metric.localeCompare(b.metric)),
    circuitBreakerRollback: bool(at(service, 'deployment_circuit_breaker', 'rollback')),
    throttleBurst: asNumber(at(stage, 'default_route_settings', 'throttling_burst_limit')),
    throttleRatePerSecond: asNumber(at(stage, 'default_route_settings', 'throttling_rate_limit')),
    wafRateLimit: wafRules
      .map((r) => asNumber(at(r, 'statement', 'rate_based_statement', 'limit')))
      .find((n) => n !== undefined),
    wafRateWindowSeconds: wafRules.some((r) => at(r, 'statement', 'rate_based_statement') !== undefined)
      ? (wafRules
          .map((r) => asNumber(at(r, 'statement', 'rate_based_statement', 'evaluation_window_sec')))
          .find((n) => n !== undefined) ?? 300)
      : undefined,
    wafManagedRuleGroups: wafRules
      .map((r) => text(at(r, 'statement', 'managed_rule_group_statement', 'name')))
      .filter((name): name is string => name !== undefined)
      .sort(),
    tableBillingMode: text(at(table, 'billing_mode')),
    pointInTimeRecovery: bool(at(table, 'point_in_time_recovery', 'enabled')),
    tableDeletionProtection: bool(at(table, 'deletion_protection_enabled')),
    ttlAttribute: text(at(table, 'ttl', 'attribute_name')),
    albSslPolicy: text(at(one('aws_lb_listener'), 'ssl_policy')),
    albIdleTimeoutSeconds: asNumber(at(one('aws_lb'), 'idle_timeout')),
    albDeletionProtection: bool(at(one('aws_lb'), 'enable_deletion_protection')),
    healthCheckPath: text(at(one('aws_lb_target_group'), 'health_check', 'path')),
    cdnPriceClass: text(at(distribution, 'price_class')),
    cdnMinimumTls: text(at(distribution, 'viewer_certificate', 'minimum_protocol_version')),
    cdnHttpVersion: text(at(distribution, 'http_version')),
    imageTagMutability: text(at(repository, 'image_tag_mutability')),
    scanOnPush: bool(at(repository, 'image_scanning_configuration', 'scan_on_push')),
    dnsNames: [
      ...new Set(
        ofType('aws_route53_record')
          .filter((r) => at(r, 'alias') !== undefined)
          .map((r) => text(at(r, 'name'))),
      ),
    ]
      .filter((name): name is string => name !== undefined)
      .sort(),
    certificates: ofType('aws_acm_certificate')
      .map((c) => ({ domain: text(at(c, 'domain_name')) ?? c.constructPath, region: c.region }))
      .sort((a, b) => a.region.localeCompare(b.region) || a.domain.localeCompare(b.domain)),
    logGroups: ofType('aws_cloudwatch_log_group')
      .map((group) => ({
        name: text(at(group, 'name')) ?? group.constructPath,
        writer:
          references
            .filter((r) => r.to === group && LOG_WRITERS[r.from.type])
            .map((r) => LOG_WRITERS[r.from.type])[0] ?? 'other',
        retentionDays: asNumber(at(group, 'retention_in_days')),
      }))
      .sort((a, b) => a.writer.localeCompare(b.writer) || a.name.localeCompare(b.name)),
    buckets: ofType('aws_s3_bucket')
      .map((b) => text(at(b, 'bucket')) ?? `${text(at(b, 'bucket_prefix')) ?? b.constructPath}*`)
      .sort(),
    state: stateFacts(stack, stacks),
    alarms: ofType('aws_cloudwatch_metric_alarm')
      .map(alarmFact)
      .sort((a, b) => a.key.localeCompare(b.key)),
    alarmTopics: ofType('aws_sns_topic')
      .filter((topic) => references.some((r) => r.to === topic && r.from.type === 'aws_cloudwatch_metric_alarm'))
      .map((topic) => ({
        name: text(at(topic, 'name')) ?? topic.constructPath,
        region: topic.region,
        encrypted: at(topic, 'kms_master_key_id') !== undefined,
        emailSubscriptions: references.filter(
          (r) => r.to === topic && r.from.type === 'aws_sns_topic_subscription' && at(r.from, 'protocol') === 'email',
        ).length,
      }))
      .sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name)),
    rollbackAlarms: rollbackAlarms(service, ofType('aws_cloudwatch_metric_alarm')),
  };
}

const COMPARISONS: Readonly<Record<string, string>> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '≥',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

function alarmFact(alarm: Resource): AlarmFact {
  const queries = blocks(at(alarm, 'metric_query'));
  const returned = queries.find((q) => isTrue(q.return_data)) ?? queries[0];
  const statistic = text(at(alarm, 'extended_statistic')) ?? text(at(alarm, 'statistic'));
  const watches = returned
    ? (text(returned.label) ?? text(returned.expression) ?? '?')
    : `${text(at(alarm, 'metric_name')) ?? '?'}${statistic ? ` (${statistic})` : ''}`;
  const periods = queries
    .map((q) => asNumber(at(q, 'metric', 'period')))
    .concat(asNumber(at(alarm, 'period')))
    .filter((p): p is number => p !== undefined);
  const period = periods[0];
  const evaluation = asNumber(at(alarm, 'evaluation_periods'));
  const datapoints = asNumber(at(alarm, 'datapoints_to_alarm')) ?? evaluation;
  const operator = text(at(alarm, 'comparison_operator')) ?? '?';
  return {
    key: alarm.constructPath.split('/').at(-1) ?? alarm.name,
    region: alarm.region,
    watches,
    condition: `${COMPARISONS[operator] ?? operator} ${asNumber(at(alarm, 'threshold')) ?? '?'}`,
    window: `${datapoints ?? '?'} of ${evaluation ?? '?'} × ${period === undefined ? '?' : duration(period)}`,
  };
}

function duration(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

/** The keys of the alarms an ECS service rolls a deployment back on (none unless enabled with rollback). */
function rollbackAlarms(service: Resource | undefined, alarms: readonly Resource[]): string[] {
  const deployment = blocks(at(service, 'alarms'))[0];
  if (!deployment || !isTrue(deployment.enable) || !isTrue(deployment.rollback)) return [];
  const keyOf = new Map(alarms.map((a) => [text(at(a, 'alarm_name')), alarmFact(a).key]));
  return ((deployment.alarm_names as unknown[]) ?? [])
    .map((name) => (typeof name === 'string' ? (keyOf.get(name) ?? name) : '?'))
    .sort();
}

/** The S3 backend every platform stack names, as the stack that creates the bucket configures it. */
export interface StateFacts {
  readonly bucket: string;
  readonly key: string | undefined;
  readonly stack: string;
  readonly versioning: boolean;
  readonly noncurrentVersionDays: number | undefined;
  readonly lockfile: boolean;
}

/**
 * Finds the stack that creates the platform stacks' backend bucket. Fails, naming the bucket, when no stack does:
 * the diagram's state bucket must be one that deploys.
 */
function stateFacts(platform: AnalyzedStack, stacks: readonly AnalyzedStack[]): StateFacts | undefined {
  const backend = platform.json.terraform?.backend?.s3;
  if (!backend) return undefined;
  const bucketName = text(backend.bucket);
  for (const { name, resources } of stacks) {
    const bucket = resources.find((r) => r.type === 'aws_s3_bucket' && text(at(r, 'bucket')) === bucketName);
    if (!bucket) continue;
    const attached = (type: string) =>
      resources.filter((r) => r.type === type && at(r, 'bucket') === `\${${bucket.address}.id}`);
    const versioning = attached('aws_s3_bucket_versioning').some(
      (v) => at(v, 'versioning_configuration', 'status') === 'Enabled',
    );
    const expiry = attached('aws_s3_bucket_lifecycle_configuration')
      .flatMap((l) => blocks(at(l, 'rule')))
      .map((rule) => asNumber(at(rule, 'noncurrent_version_expiration', 'noncurrent_days')))
      .find((days) => days !== undefined);
    return {
      bucket: bucketName!,
      key: text(backend.key),
      stack: name,
      versioning,
      noncurrentVersionDays: expiry,
      lockfile: backend.use_lockfile === true,
    };
  }
  throw new Error(
    `Stack "${platform.name}" keeps its state in bucket "${bucketName}", which no synthesized stack creates.`,
  );
}

/** `attribute` for a resource as well as a nested block: `at(task, 'cpu')`, `at(rule, 'statement', 'name')`. */
function at(from: Resource | Record<string, unknown> | undefined, ...path: string[]): unknown {
  return attribute(from && 'attributes' in from ? from.attributes : from, path.join('.'));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? literal(value) : undefined;
}

function bool(value: unknown): boolean | undefined {
  return isTrue(value) ? true : isFalse(value) ? false : undefined;
}
