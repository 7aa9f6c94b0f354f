/**
 * The resource-type → price mapping. Every AWS resource type the stacks use is either priced here (a function
 * from the resource and the month's usage to billed quantities) or declared free in free-types.ts with the
 * reason; a type in neither fails the run (estimate.ts), so nothing new is priced at zero by accident.
 * Charges include what AWS creates on the resource's behalf: the alarms of target-tracking policies, Container
 * Insights metrics, the public IPv4 addresses of NAT gateways, internet-facing load balancers and public tasks.
 */
import { asNumber, at, blocks, firstBlock, isTrue } from '../lib/terraform-json/attributes';
import { decodeDocument } from '../lib/terraform-json/document';
import { mentions } from '../lib/terraform-json/references';
import type { TerraformBlock } from '../lib/terraform-json/stack';
import type { PriceKey } from './price-table';
import { subnetCount, type StackUsage } from './stack-usage';
import { ASSUMPTIONS, BYTES_PER_GB, HOURS_PER_MONTH } from './usage';

/** One billed quantity of one resource, before its price is looked up. */
export interface Charge {
  /** What the reader sees in the table, e.g. `NAT gateway`. */
  readonly component: string;
  readonly priceKey: PriceKey;
  /** In the price's unit (hours, GB, million requests, ...). */
  readonly quantity: number;
  /** Why AWS's always-free allowance for this price does not apply to this charge, when it does not. */
  readonly outsideFreeTier?: string;
}

export type Pricer = (block: TerraformBlock, context: StackUsage) => Charge[];

const charge = (component: string, priceKey: PriceKey, quantity: number): Charge => ({ component, priceKey, quantity });
const MONTH = HOURS_PER_MONTH;

/** Ingestion and storage of a log group receiving `gb` a month, kept `retention_in_days` (0: forever, 10 years). */
function logGroupCharges(group: TerraformBlock, component: string, gb: number): Charge[] {
  const infrequent = group.body.log_group_class === 'INFREQUENT_ACCESS';
  const retentionDays = asNumber(group.body.retention_in_days) || 3650;
  // Steady state: the group holds `retention` worth of months, compressed.
  const storedGb = gb * Math.min(retentionDays / 30, 120) * ASSUMPTIONS.logStorageCompression;
  return [
    charge(`${component}: ingestion`, infrequent ? 'logsInfrequentAccessIngestGb' : 'logsIngestGb', gb),
    charge(`${component}: storage`, 'logsStorageGbMonth', storedGb),
  ];
}

/** What writes into a log group, and how many GB a month. */
function logGroupWriter(group: TerraformBlock, context: StackUsage): { component: string; gb: number } {
  const { stack } = context;
  const flowLogs = stack.resources('aws_flow_log').filter((flow) => mentions(flow.body.log_destination, group.address));
  if (flowLogs.length > 0) return { component: 'VPC flow logs', gb: context.flowLogGb };
  const wafLogging = stack
    .resources('aws_wafv2_web_acl_logging_configuration')
    .filter((logging) => mentions(logging.body.log_destination_configs, group.address));
  if (wafLogging.length > 0) {
    return { component: 'WAF logs', gb: wafLogging.reduce((sum, logging) => sum + context.wafLogGb(logging), 0) };
  }
  const stages = stack
    .resources('aws_apigatewayv2_stage')
    .filter((stage) => mentions(at(stage.body, 'access_log_settings.destination_arn'), group.address));
  if (stages.length > 0) return { component: 'API access logs', gb: context.apiAccessLogGb };
  const appGb = context.appLogGb(group);
  if (context.services.some((service) => service.logGroupAddresses.includes(group.address))) {
    return { component: 'Service logs', gb: appGb };
  }
  return { component: 'Log group without a known writer', gb: 0 };
}

function fargateCharges(block: TerraformBlock, context: StackUsage): Charge[] {
  const service = context.serviceOf(block);
  const arm = service.architecture === 'ARM64';
  const label = `Fargate ${arm ? 'ARM64' : 'x86_64'}`;
  const taskHours = (tasks: number) => tasks * MONTH;
  const rows: Charge[] = [];
  if (service.onDemandTasks > 0) {
    rows.push(
      charge(
        `${label} vCPU`,
        arm ? 'fargateArmVcpuHour' : 'fargateX86VcpuHour',
        taskHours(service.onDemandTasks) * service.vcpu,
      ),
      charge(
        `${label} memory`,
        arm ? 'fargateArmGbHour' : 'fargateX86GbHour',
        taskHours(service.onDemandTasks) * service.memoryGb,
      ),
    );
  }
  if (service.spotTasks > 0) {
    rows.push(
      charge(
        `${label} Spot vCPU`,
        arm ? 'fargateSpotArmVcpuHour' : 'fargateSpotX86VcpuHour',
        taskHours(service.spotTasks) * service.vcpu,
      ),
      charge(
        `${label} Spot memory`,
        arm ? 'fargateSpotArmGbHour' : 'fargateSpotX86GbHour',
        taskHours(service.spotTasks) * service.memoryGb,
      ),
    );
  }
  if (service.assignPublicIp) {
    rows.push(
      charge('Public IPv4 address (task)', 'publicIpv4Hour', taskHours(service.onDemandTasks + service.spotTasks)),
    );
  }
  return rows;
}

/** Container Insights metrics (custom-metric rate) and performance log events, for a cluster that turns it on. */
function containerInsightsCharges(cluster: TerraformBlock, context: StackUsage): Charge[] {
  const setting = blocks(cluster.body.setting).find((s) => s.name === 'containerInsights')?.value;
  if (setting !== 'enabled' && setting !== 'enhanced') return [];
  const services = context.services.filter((service) => mentions(service.block.body.cluster, cluster.address));
  const families = new Set(services.map((service) => service.taskDefinition?.address).filter(Boolean));
  const tasks = services.reduce((sum, service) => sum + service.spotTasks + service.onDemandTasks, 0);
  const metrics =
    ASSUMPTIONS.insightsMetricsPerCluster +
    services.length * ASSUMPTIONS.insightsMetricsPerService +
    families.size * ASSUMPTIONS.insightsMetricsPerTaskFamily +
    (setting === 'enhanced' ? tasks * ASSUMPTIONS.insightsEnhancedMetricsPerTask : 0);
  const logGb = (tasks * MONTH * 60 * ASSUMPTIONS.insightsLogBytesPerTaskMinute) / BYTES_PER_GB;
  return [
    charge('Container Insights metrics', 'cloudwatchMetricMonth', metrics),
    charge('Container Insights performance logs', 'logsIngestGb', logGb),
  ];
}

/** Metrics an alarm watches: each `metric` of a metric-math alarm counts, expressions do not. */
function alarmCharges(alarm: TerraformBlock): Charge[] {
  const queries = blocks(alarm.body.metric_query);
  const metrics = queries.length > 0 ? queries.filter((query) => firstBlock(query.metric)).length : 1;
  const periods = [asNumber(alarm.body.period), ...queries.map((query) => asNumber(at(query, 'metric.period')))];
  const highResolution = periods.some((period) => period !== undefined && period < 60);
  return [
    charge(
      highResolution ? 'CloudWatch alarm (high resolution)' : 'CloudWatch alarm',
      highResolution ? 'cloudwatchHighResAlarmMetricMonth' : 'cloudwatchAlarmMetricMonth',
      metrics,
    ),
  ];
}

/** The free tier covers dashboards of up to this many metrics. */
const FREE_DASHBOARD_METRICS = 50;

/** Metrics a dashboard graphs: each metric row of each widget (`["AWS/ELB", "RequestCount", ...]` or `[".", ...]`). */
function dashboardMetricCount(dashboard: TerraformBlock): number | undefined {
  const decoded = decodeDocument(dashboard.body.dashboard_body);
  if (decoded.kind !== 'value') return undefined;
  const widgets = (decoded.value as { widgets?: unknown }).widgets;
  if (!Array.isArray(widgets)) return 0;
  return widgets
    .flatMap((widget) => {
      const metrics = at(widget, 'properties.metrics');
      return Array.isArray(metrics) ? metrics : [];
    })
    .filter((row) => Array.isArray(row) && typeof row[0] === 'string').length;
}

function dashboardCharges(dashboard: TerraformBlock): Charge[] {
  const metrics = dashboardMetricCount(dashboard);
  const outsideFreeTier =
    metrics === undefined
      ? 'its body is not literal JSON, so its metrics cannot be counted'
      : metrics > FREE_DASHBOARD_METRICS
        ? `it graphs ${metrics} metrics, more than the ${FREE_DASHBOARD_METRICS} the free tier covers`
        : undefined;
  return [
    {
      ...charge('CloudWatch dashboard', 'cloudwatchDashboardMonth', 1),
      ...(outsideFreeTier ? { outsideFreeTier } : {}),
    },
  ];
}

/** HTTP API detailed (per-route) metrics, billed as custom metrics for every route that gets requests. */
function detailedMetricCharges(stage: TerraformBlock, context: StackUsage): Charge[] {
  if (context.usage.originRequests === 0) return [];
  const defaultOn = isTrue(at(stage.body, 'default_route_settings.detailed_metrics_enabled'));
  const overrides = new Map(
    blocks(stage.body.route_settings).map((setting) => [
      String(setting.route_key),
      isTrue(setting.detailed_metrics_enabled),
    ]),
  );
  const routes = context.stack
    .resources('aws_apigatewayv2_route')
    .filter((route) => route.body.api_id === stage.body.api_id);
  const measured = routes.filter((route) => overrides.get(String(route.body.route_key)) ?? defaultOn).length;
  return measured === 0
    ? []
    : [charge('API per-route metrics', 'cloudwatchMetricMonth', measured * ASSUMPTIONS.httpApiMetricsPerRoute)];
}

/** Log bytes a bucket receives a month, from the load balancers and distributions that log into it. */
function bucketLogGb(bucket: TerraformBlock, context: StackUsage): { gb: number; puts: number } {
  const { stack, usage } = context;
  let gb = 0;
  let puts = 0;
  for (const lb of stack.resources('aws_lb')) {
    const logs = firstBlock(lb.body.access_logs);
    if (!logs || !isTrue(logs.enabled ?? true) || !mentions(logs.bucket, bucket.address)) continue;
    gb += (usage.originRequests * ASSUMPTIONS.albLogBytesPerRequest) / BYTES_PER_GB;
    if (usage.originRequests > 0) puts += subnetCount(lb) * ASSUMPTIONS.albLogObjectsPerNodeHour * MONTH;
  }
  for (const distribution of stack.resources('aws_cloudfront_distribution')) {
    if (!mentions(at(distribution.body, 'logging_config.bucket'), bucket.address)) continue;
    gb += (usage.edgeRequests * ASSUMPTIONS.cloudfrontLogBytesPerRequest) / BYTES_PER_GB;
  }
  return { gb, puts };
}

function expirationDays(bucket: TerraformBlock, context: StackUsage): number {
  const days = context.stack
    .users(bucket, 'aws_s3_bucket_lifecycle_configuration')
    .flatMap((lifecycle) => blocks(lifecycle.body.rule))
    .map((rule) => asNumber(at(rule, 'expiration.days')))
    .filter((value): value is number => value !== undefined);
  return days.length > 0 ? Math.min(...days) : 365;
}

/** The number of images the repository's lifecycle policy keeps (`countNumber` of an imageCountMoreThan rule). */
function keptImages(repository: TerraformBlock, context: StackUsage): number {
  const counts = context.stack
    .users(repository, 'aws_ecr_lifecycle_policy')
    .flatMap((policy) => {
      const decoded = decodeDocument(policy.body.policy);
      const rules = decoded.kind === 'value' ? (decoded.value as { rules?: unknown }).rules : undefined;
      return Array.isArray(rules) ? rules : [];
    })
    .map((rule) =>
      at(rule, 'selection.countType') === 'imageCountMoreThan'
        ? asNumber(at(rule, 'selection.countNumber'))
        : undefined,
    )
    .filter((value): value is number => value !== undefined);
  return counts.length > 0 ? Math.max(...counts) : 10;
}

export const PRICERS: Readonly<Record<string, Pricer>> = {
  aws_nat_gateway: (nat, context) => {
    const gateways = context.stack.resources('aws_nat_gateway').length;
    // What the tasks send to AWS APIs that have no interface endpoint goes through NAT: their logs, here.
    const natGb = context.hasInterfaceEndpoint('logs') ? 0 : context.taskLogGb / gateways;
    const publicGateway = nat.body.connectivity_type !== 'private';
    return [
      charge('NAT gateway', 'natGatewayHour', MONTH),
      charge('NAT gateway data processed', 'natGatewayData', natGb),
      ...(publicGateway && nat.body.allocation_id === undefined
        ? [charge('Public IPv4 address (NAT, AWS-assigned)', 'publicIpv4Hour', MONTH)]
        : []),
    ];
  },
  aws_eip: () => [charge('Public IPv4 address', 'publicIpv4Hour', MONTH)],
  aws_vpc_endpoint: (endpoint, context) => {
    if (endpoint.body.vpc_endpoint_type !== 'Interface') return [];
    const service = String(endpoint.body.service_name).split('.').slice(3).join('.');
    const azs = subnetCount(endpoint);
    const gb = service === 'logs' ? context.taskLogGb : 0;
    return [
      charge(`Interface endpoint ${service}`, 'interfaceEndpointAzHour', azs * MONTH),
      charge('Interface endpoint data processed', 'interfaceEndpointData', gb),
    ];
  },
  aws_lb: (lb, context) => {
    if (lb.body.load_balancer_type !== undefined && lb.body.load_balancer_type !== 'application') {
      throw new Error(
        `${lb.address}: only application load balancers are priced (found ${String(lb.body.load_balancer_type)}).`,
      );
    }
    const { usage } = context;
    const processedGbPerHour =
      (usage.originDataGb + (usage.originRequests * ASSUMPTIONS.requestOverheadBytes) / BYTES_PER_GB) / MONTH;
    const newConnectionsPerSecond = usage.originRequestsPerSecond * ASSUMPTIONS.newConnectionsPerOriginRequest;
    // An LCU is the largest of its dimensions: 25 new connections/s, 1 GB processed/h, 1,000 rule evaluations/s.
    const lcu = Math.max(processedGbPerHour, newConnectionsPerSecond / 25, usage.originRequestsPerSecond / 1000);
    const internetFacing = !isTrue(lb.body.internal);
    return [
      charge('Application load balancer', 'albHour', MONTH),
      charge('Load balancer capacity units', 'albLcuHour', lcu * MONTH),
      ...(internetFacing
        ? [charge('Public IPv4 address (load balancer)', 'publicIpv4Hour', subnetCount(lb) * MONTH)]
        : []),
    ];
  },
  aws_ecs_service: (service, context) => {
    if (service.body.launch_type !== undefined && service.body.launch_type !== 'FARGATE') {
      throw new Error(
        `${service.address}: only Fargate services are priced (launch_type ${String(service.body.launch_type)}).`,
      );
    }
    return fargateCharges(service, context);
  },
  aws_ecs_cluster: containerInsightsCharges,
  aws_appautoscaling_policy: (policy) =>
    policy.body.policy_type === 'TargetTrackingScaling'
      ? [
          charge(
            'CloudWatch alarms of target tracking (AWS-created)',
            'cloudwatchAlarmMetricMonth',
            ASSUMPTIONS.alarmsPerTargetTrackingPolicy,
          ),
        ]
      : [],
  aws_cloudwatch_metric_alarm: alarmCharges,
  aws_cloudwatch_dashboard: dashboardCharges,
  aws_cloudwatch_log_group: (group, context) => {
    const writer = logGroupWriter(group, context);
    return logGroupCharges(group, writer.component, writer.gb);
  },
  aws_wafv2_web_acl: (acl, context) => [
    charge('WAF web ACL', 'wafWebAclMonth', 1),
    charge('WAF rules', 'wafRuleMonth', blocks(acl.body.rule).length),
    charge('WAF requests', 'wafMillionRequests', context.usage.edgeRequests / 1e6),
  ],
  aws_cloudfront_distribution: (_distribution, context) => [
    charge('CloudFront HTTPS requests', 'cloudfrontTenThousandHttpsRequests', context.usage.edgeRequests / 1e4),
    charge('CloudFront data out', 'cloudfrontDataOutGb', context.usage.edgeDataOutGb),
  ],
  aws_apigatewayv2_api: (api, context) => {
    if (api.body.protocol_type !== 'HTTP') {
      throw new Error(`${api.address}: only HTTP APIs are priced (protocol_type ${String(api.body.protocol_type)}).`);
    }
    return [charge('API Gateway HTTP API requests', 'httpApiMillionRequests', context.usage.originRequests / 1e6)];
  },
  aws_apigatewayv2_stage: detailedMetricCharges,
  aws_dynamodb_table: (table, context) => {
    if (table.body.billing_mode !== 'PAY_PER_REQUEST') {
      throw new Error(`${table.address}: only on-demand (PAY_PER_REQUEST) tables are priced.`);
    }
    const { originRequests } = context.usage;
    const writes = originRequests * ASSUMPTIONS.writeShare;
    const reads = originRequests - writes;
    const storedGb = (writes * ASSUMPTIONS.itemBytes) / BYTES_PER_GB;
    const pitr = isTrue(at(table.body, 'point_in_time_recovery.enabled'));
    return [
      charge('DynamoDB reads', 'dynamodbMillionReadUnits', (reads * ASSUMPTIONS.readUnitsPerRead) / 1e6),
      charge('DynamoDB writes', 'dynamodbMillionWriteUnits', (writes * ASSUMPTIONS.writeUnitsPerWrite) / 1e6),
      charge('DynamoDB storage', 'dynamodbStorageGbMonth', storedGb),
      ...(pitr ? [charge('DynamoDB point-in-time recovery', 'dynamodbPitrGbMonth', storedGb)] : []),
    ];
  },
  aws_s3_bucket: (bucket, context) => {
    const logs = bucketLogGb(bucket, context);
    const storedGb = logs.gb * (expirationDays(bucket, context) / 30);
    return [
      charge('S3 storage (logs)', 's3StandardGbMonth', storedGb),
      charge('S3 PUT requests (log delivery)', 's3ThousandPuts', logs.puts / 1000),
    ];
  },
  aws_ecr_repository: (repository, context) => [
    charge(
      'ECR image storage',
      'ecrStorageGbMonth',
      ASSUMPTIONS.imageGb + (keptImages(repository, context) - 1) * ASSUMPTIONS.releaseLayerGb,
    ),
  ],
  aws_kms_key: () => [charge('KMS customer managed key', 'kmsKeyMonth', 1)],
  aws_secretsmanager_secret: () => [charge('Secrets Manager secret', 'secretMonth', 1)],
  aws_route53_zone: () => [charge('Route 53 hosted zone', 'route53ZoneMonth', 1)],
};
