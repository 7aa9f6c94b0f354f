import { type AlarmKey, MIN_REQUESTS_FOR_RATE } from './settings';

/** One CloudWatch metric: what a dashboard widget draws and an alarm (or one of its math inputs) reads. */
export interface MetricRef {
  /** CloudWatch namespace, e.g. `AWS/ApplicationELB`. */
  readonly namespace: string;
  /** Metric name within the namespace, e.g. `RequestCount`. */
  readonly metricName: string;
  /** Dimension name to value; a metric is only found with exactly the dimensions it was published with. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** `Sum`, `Average`, `Maximum`, `Minimum` or a percentile such as `p99`. */
  readonly stat: string;
}

/** What an alarm watches: one metric, or an expression over named metrics (`id` → metric). */
export type AlarmSignal =
  | { readonly metric: MetricRef }
  | { readonly expression: string; readonly label: string; readonly inputs: Readonly<Record<string, MetricRef>> };

/** How one alarm judges its signal. The threshold and window come from its `AlarmSettings`. */
export interface AlarmDefinition {
  /** Which alarm of the set this is; also the alarm name's suffix. */
  readonly key: AlarmKey;
  /** The metric or metric math the alarm compares with its threshold. */
  readonly signal: AlarmSignal;
  /** How the signal is compared with the threshold: above for errors and load, below for running tasks. */
  readonly comparison: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold';
  /**
   * Chosen per alarm: `notBreaching` where silence means nothing happened (no errors, no throttles), `breaching`
   * where silence itself is the failure (no running tasks report no metric).
   */
  readonly treatMissingData: 'breaching' | 'notBreaching';
  /** What happened and where to look first; CloudWatch sends it with every notification. */
  readonly description: string;
  /** Unit of the threshold, for people: `%`, `s`, `requests`. */
  readonly unit: string;
}

/** The regional resources the alarms watch: attribute values of the load balancer, service, table and API. */
export interface RegionalTargets {
  /** The ALB's `arn_suffix` (`app/<name>/<id>`), its CloudWatch dimension. */
  readonly loadBalancerArnSuffix: string;
  /** The target group's `arn_suffix` (`targetgroup/<name>/<id>`). */
  readonly targetGroupArnSuffix: string;
  /** The ECS cluster's name (`ClusterName` dimension). */
  readonly clusterName: string;
  /** The ECS service's name (`ServiceName` dimension). */
  readonly serviceName: string;
  /** The service's log group, named in descriptions as the first place to look. */
  readonly serviceLogGroupName: string;
  /** Fewer running tasks than this fires `ecs-running-tasks`: the autoscaling minimum. */
  readonly minimumTasks: number;
  /**
   * Whether the cluster has Container Insights, which publishes `RunningTaskCount`. Without it the alarm counts
   * healthy targets instead, which every running, serving task is.
   */
  readonly containerInsights: boolean;
  /** The links table's name (`TableName` dimension). */
  readonly tableName: string;
  /**
   * The DynamoDB operations the service sends (`GetItem`, ...): `ThrottledRequests` and `SystemErrors` exist only
   * per operation, so the alarms add them up.
   */
  readonly tableOperations: readonly string[];
  /** The HTTP API's id (`ApiId` dimension). */
  readonly apiId: string;
  /** The HTTP API stage (`$default`). */
  readonly apiStage: string;
}

/** The edge resources, whose metrics CloudWatch keeps in us-east-1. */
export interface EdgeTargets {
  /** The CloudFront distribution's id (`DistributionId` dimension, with `Region=Global`). */
  readonly distributionId: string;
  /**
   * The web ACL's metric name (its visibility config's `metric_name`): WAF publishes under it as the `WebACL`
   * dimension, not under the ACL's name or id.
   */
  readonly webAclMetricName: string;
}

/** CloudWatch math allows at most 10 metrics per alarm. */
const MAX_ALARM_METRICS = 10;

/** An ALB metric of the service's target group. */
export const albMetric = (metricName: string, targets: RegionalTargets, stat: string): MetricRef => ({
  namespace: 'AWS/ApplicationELB',
  metricName,
  dimensions: { LoadBalancer: targets.loadBalancerArnSuffix, TargetGroup: targets.targetGroupArnSuffix },
  stat,
});
/** An ECS metric of the service, from `AWS/ECS` unless another namespace is named. */
export const ecsMetric = (
  metricName: string,
  targets: RegionalTargets,
  namespace = 'AWS/ECS',
  stat = 'Average',
): MetricRef => ({
  namespace,
  metricName,
  dimensions: { ClusterName: targets.clusterName, ServiceName: targets.serviceName },
  stat,
});
/** An HTTP API metric of the stage. */
export const apiMetric = (metricName: string, targets: RegionalTargets, stat = 'Sum'): MetricRef => ({
  namespace: 'AWS/ApiGateway',
  metricName,
  dimensions: { ApiId: targets.apiId, Stage: targets.apiStage },
  stat,
});

/** A CloudFront metric of the distribution; CloudFront publishes with `Region=Global`, in us-east-1. */
export const cloudFrontMetric = (metricName: string, targets: EdgeTargets, stat: string): MetricRef => ({
  namespace: 'AWS/CloudFront',
  metricName,
  dimensions: { DistributionId: targets.distributionId, Region: 'Global' },
  stat,
});

/** A DynamoDB metric of the whole table. */
export const tableMetric = (metricName: string, targets: RegionalTargets, stat = 'Sum'): MetricRef => ({
  namespace: 'AWS/DynamoDB',
  metricName,
  dimensions: { TableName: targets.tableName },
  stat,
});

/** `100 × errors / requests` in percent, 0 for periods with too few requests to judge (and no errors as 0). */
function ratePercent(errors: MetricRef, requests: MetricRef, label: string): AlarmSignal {
  return {
    expression: `IF(requests >= ${MIN_REQUESTS_FOR_RATE}, 100 * FILL(errors, 0) / requests, 0)`,
    label,
    inputs: { errors, requests },
  };
}

/** The sum of one per-operation DynamoDB metric over the service's operations. */
function perOperationSum(metricName: string, targets: RegionalTargets): AlarmSignal {
  const operations = targets.tableOperations;
  if (operations.length === 0 || operations.length >= MAX_ALARM_METRICS) {
    throw new Error(`tableOperations: need 1 to ${MAX_ALARM_METRICS - 1} operations, got ${operations.length}`);
  }
  const inputs = Object.fromEntries(
    operations.map((operation) => [
      operation.toLowerCase(),
      {
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensions: { TableName: targets.tableName, Operation: operation },
        stat: 'Sum',
      },
    ]),
  );
  return {
    expression: Object.keys(inputs)
      .map((id) => `FILL(${id}, 0)`)
      .join(' + '),
    label: `${metricName} (${operations.join(', ')})`,
    inputs,
  };
}

/** The regional alarms: load balancer, tasks, table, API. */
export function regionalAlarmDefinitions(targets: RegionalTargets): AlarmDefinition[] {
  const logs = `the service log group ${targets.serviceLogGroupName}`;
  const runningTasks: AlarmSignal = targets.containerInsights
    ? { metric: ecsMetric('RunningTaskCount', targets, 'ECS/ContainerInsights', 'Minimum') }
    : { metric: albMetric('HealthyHostCount', targets, 'Minimum') };
  return [
    {
      key: 'alb-target-5xx-rate',
      signal: ratePercent(
        albMetric('HTTPCode_Target_5XX_Count', targets, 'Sum'),
        albMetric('RequestCount', targets, 'Sum'),
        'Target 5xx (% of requests)',
      ),
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      unit: '%',
      description:
        `The tasks answer too many requests with 5xx. During a deployment ECS rolls the release back on this alarm. ` +
        `Look first at errors in ${logs}, then at the dynamodb-* alarms and the dashboard's table row.`,
    },
    {
      key: 'alb-target-p99-latency',
      signal: { metric: albMetric('TargetResponseTime', targets, 'p99') },
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      unit: 's',
      description:
        `The slowest 1% of requests take too long in the tasks. Look first at the table latency and throttles ` +
        `on the dashboard, then at task CPU (ecs-cpu-high) and ${logs}.`,
    },
    {
      key: 'alb-unhealthy-hosts',
      signal: { metric: albMetric('UnHealthyHostCount', targets, 'Maximum') },
      comparison: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      unit: 'targets',
      description:
        `Tasks fail the load balancer health check. During a deployment ECS rolls the release back on this alarm. ` +
        `Look first at the stopped tasks' reason in the ECS console (cluster ${targets.clusterName}), then at ${logs}.`,
    },
    {
      key: 'ecs-running-tasks',
      signal: runningTasks,
      comparison: 'LessThanThreshold',
      // No tasks publish no metric: silence is the outage itself.
      treatMissingData: 'breaching',
      unit: 'tasks',
      description:
        `Fewer tasks run than the autoscaling minimum. Look first at the service's events and stopped tasks in the ` +
        `ECS console (cluster ${targets.clusterName}): image pull, health check or capacity errors.`,
    },
    {
      key: 'ecs-cpu-high',
      signal: { metric: ecsMetric('CPUUtilization', targets) },
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      unit: '%',
      description:
        `Tasks run hot for long although autoscaling tracks a lower target: the service is likely at its maximum ` +
        `task count. Look first at the running task count and request rate on the dashboard; raise maxCapacity or the task size.`,
    },
    {
      key: 'ecs-memory-high',
      signal: { metric: ecsMetric('MemoryUtilization', targets) },
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      unit: '%',
      description:
        `Tasks use most of their memory; next comes an out-of-memory kill. Look first at whether memory grows ` +
        `steadily since the last release (a leak) or with traffic, then at ${logs}.`,
    },
    {
      key: 'dynamodb-throttles',
      signal: perOperationSum('ThrottledRequests', targets),
      comparison: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      unit: 'requests',
      description:
        `DynamoDB throttles requests to table ${targets.tableName}. Look first at consumed capacity on the dashboard ` +
        `(a hot key or a traffic jump past twice the previous peak), then at the account's table-level limits.`,
    },
    {
      key: 'dynamodb-system-errors',
      signal: perOperationSum('SystemErrors', targets),
      comparison: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      unit: 'requests',
      description:
        `DynamoDB answers requests to table ${targets.tableName} with internal errors. Look first at the AWS Health ` +
        `Dashboard for DynamoDB in this Region; the service retries, so watch alb-target-5xx-rate.`,
    },
    {
      key: 'api-5xx-rate',
      signal: ratePercent(apiMetric('5xx', targets), apiMetric('Count', targets), 'API 5xx (% of requests)'),
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      unit: '%',
      description:
        `API Gateway answers too many requests with 5xx. If alb-target-5xx-rate is quiet, look first at the VPC link ` +
        `and integration errors in the API access log (integrationError), else at the tasks.`,
    },
    {
      key: 'api-4xx-surge',
      signal: ratePercent(apiMetric('4xx', targets), apiMetric('Count', targets), 'API 4xx (% of requests)'),
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      unit: '%',
      description:
        `An unusual share of requests get 4xx. Look first at the status codes in the API access log: 429 means the ` +
        `stage throttling limits are reached, 401/403 an auth problem, 404 a scan or broken links.`,
    },
  ];
}

/** The edge alarms, on metrics CloudWatch keeps in us-east-1. */
export function edgeAlarmDefinitions(targets: EdgeTargets): AlarmDefinition[] {
  return [
    {
      key: 'cloudfront-5xx-rate',
      signal: { metric: cloudFrontMetric('5xxErrorRate', targets, 'Average') },
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      unit: '%',
      description:
        `CloudFront answers too many viewer requests with 5xx. Look first at api-5xx-rate in the home Region; if it is ` +
        `quiet, CloudFront cannot reach or verify the origin (certificate, DNS of the origin name).`,
    },
    {
      key: 'waf-blocked-surge',
      signal: {
        metric: {
          namespace: 'AWS/WAFV2',
          metricName: 'BlockedRequests',
          // CLOUDFRONT-scope metrics carry no Region dimension.
          dimensions: { WebACL: targets.webAclMetricName, Rule: 'ALL' },
          stat: 'Sum',
        },
      },
      comparison: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      unit: 'requests',
      description:
        `WAF blocks many requests. Look first at the web ACL's sampled requests (metric ${targets.webAclMetricName}, us-east-1): ` +
        `which rule blocks, and whether the clients are an attack or users hit by a false positive.`,
    },
  ];
}
