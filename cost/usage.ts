/**
 * The usage model: how much of each billed dimension a month brings, for two profiles.
 * - `idle`: no user traffic; what still runs is health checks (the load balancer's and the container's own),
 *   their log lines and flow-log records, and the metrics and alarms that exist whether or not anyone calls.
 * - `traffic`: the environment's expected month, from its traffic profile in config (requests per month at
 *   the edge, CloudFront cache hit rate, average response size), on top of idle.
 * The constants below are the model's assumptions; each says where it comes from, so a reader can argue with
 * one number instead of with the total.
 */

import { type TrafficProfile, trafficProfileProblems as fieldProblems } from '../lib/traffic-profile';

export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
export const BYTES_PER_GB = 1024 ** 3;

export type { TrafficProfile };

export const PROFILES = ['idle', 'traffic'] as const;
export type ProfileName = (typeof PROFILES)[number];

/** Monthly request and byte volumes of one profile; the pricers turn them into billed quantities. */
export interface Usage {
  readonly profile: ProfileName;
  /** The traffic profile this usage was derived from; undefined for idle (and for a stack that declares none). */
  readonly traffic: TrafficProfile | undefined;
  readonly edgeRequests: number;
  readonly originRequests: number;
  /** Bytes CloudFront sends to viewers, in GB. */
  readonly edgeDataOutGb: number;
  /** Bytes the origin (API Gateway, the ALB, the tasks) returns, in GB. */
  readonly originDataGb: number;
  /** Origin requests per second, averaged over the month. */
  readonly originRequestsPerSecond: number;
}

export const ASSUMPTIONS = {
  /** Share of origin requests that create or delete a link; the rest are redirects and metadata reads. */
  writeShare: 0.01,
  /** Read request units per read: one strongly consistent GetItem of an item under 4 KB. */
  readUnitsPerRead: 1,
  /** Write request units per write: a conditional put of an item under 1 KB, plus its idempotency record. */
  writeUnitsPerWrite: 2,
  /** Stored bytes per link item (slug, URL up to 2 KB, hashes, timestamps, index entry); a month of growth is priced. */
  itemBytes: 600,
  /**
   * Redirect requests one vCPU serves at full CPU: Koa answering from its hot cache or one GetItem. Conservative
   * against `npm run bench:service` on a laptop core; the target-tracking CPU target lowers it further.
   */
  requestsPerVcpuSecond: 400,
  /** One JSON access-log line per request, as the service writes it (service/src/access-log.ts). */
  appLogBytesPerRequest: 300,
  /** API Gateway's JSON access-log line (modules/api/access-log-format.ts), with CloudWatch's 26-byte overhead. */
  apiAccessLogBytesPerRequest: 450,
  /**
   * A WAF log record: request headers, the rule matches and labels; 1.5 KB is typical for browser requests.
   */
  wafLogBytesPerRequest: 1500,
  /** Share of requests WAF blocks or counts, kept when logging is filtered to those (bots, scanners, floods). */
  wafBlockedOrCountedShare: 0.02,
  /** An ALB access-log entry (space-separated, about 40 fields). */
  albLogBytesPerRequest: 600,
  /** A CloudFront standard-log entry (tab-separated, 33 fields). */
  cloudfrontLogBytesPerRequest: 450,
  /** A default-format flow-log record in CloudWatch Logs, with the 26-byte event overhead. */
  flowLogBytesPerRecord: 130,
  /**
   * Records per load-balancer health check: one new TCP flow, seen inbound and outbound at both the ALB node's
   * and the task's network interface.
   */
  flowLogRecordsPerHealthCheck: 4,
  /** Records per origin request: keep-alive connections fold many requests into one record per minute. */
  flowLogRecordsPerOriginRequest: 0.2,
  /** CloudWatch Logs stores compressed data; JSON and flow logs compress about 6:1. */
  logStorageCompression: 0.15,
  /** Container Insights performance events per running task and minute (one Task, one Container event), 1 KB each. */
  insightsLogBytesPerTaskMinute: 2048,
  /**
   * Container Insights (standard) metrics per dimension set on Fargate, from the ECS Container Insights metrics
   * reference: CPU, memory and ephemeral storage reserved/utilized, network rx/tx, storage read/write, plus counts.
   */
  insightsMetricsPerCluster: 12,
  insightsMetricsPerService: 15,
  insightsMetricsPerTaskFamily: 10,
  /** Enhanced observability adds per-task and per-container metrics; counted per running task. */
  insightsEnhancedMetricsPerTask: 20,
  /** HTTP API detailed metrics per route: Count, 4xx, 5xx, Latency, IntegrationLatency, DataProcessed. */
  httpApiMetricsPerRoute: 6,
  /** Alarms Application Auto Scaling creates for each target-tracking policy (high and low). */
  alarmsPerTargetTrackingPolicy: 2,
  /** Compressed size of the first service image in ECR (Node on a slim base). */
  imageGb: 0.08,
  /** What each further kept image adds: ECR stores a layer once per repository, and releases share the base. */
  releaseLayerGb: 0.01,
  /** Bytes a request adds to what the ALB processes besides the response (request line and headers). */
  requestOverheadBytes: 800,
  /** New connections per origin request at the ALB: API Gateway's VPC link reuses connections. */
  newConnectionsPerOriginRequest: 0.05,
  /** ALB log files: one object per load-balancer node every 5 minutes while there is traffic. */
  albLogObjectsPerNodeHour: 12,
} as const;

const IDLE: Omit<Usage, 'profile' | 'traffic'> = {
  edgeRequests: 0,
  originRequests: 0,
  edgeDataOutGb: 0,
  originDataGb: 0,
  originRequestsPerSecond: 0,
};

/** Checks a traffic profile: one `<field> <reason>` per bad field. */
export function trafficProfileProblems(traffic: TrafficProfile): string[] {
  return fieldProblems(traffic).map(({ field, reason }) => `${field} ${reason}`);
}

/** The month a profile describes. `traffic` without a traffic profile is idle (the stack serves no requests). */
export function usageFor(profile: ProfileName, traffic?: TrafficProfile): Usage {
  if (profile === 'idle' || traffic === undefined) return { profile, traffic: undefined, ...IDLE };
  const problems = trafficProfileProblems(traffic);
  if (problems.length > 0) throw new Error(`Traffic profile: ${problems.join('; ')}.`);
  const originRequests = traffic.requestsPerMonth * (1 - traffic.cacheHitRate);
  return {
    profile,
    traffic,
    edgeRequests: traffic.requestsPerMonth,
    originRequests,
    edgeDataOutGb: (traffic.requestsPerMonth * traffic.averageResponseBytes) / BYTES_PER_GB,
    originDataGb: (originRequests * traffic.averageResponseBytes) / BYTES_PER_GB,
    originRequestsPerSecond: originRequests / SECONDS_PER_MONTH,
  };
}
