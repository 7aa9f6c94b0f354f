import type { PlatformFacts } from '../facts';

/**
 * One AWS service of docs/architecture.md. The prose says what the service does here and why it was chosen; it
 * holds no configured number. Every configured value is a `limits` row, read from the synthesized stacks.
 */
export interface ServiceSection {
  readonly title: string;
  readonly what: string;
  readonly why: string;
  /** Fixed rows, or rows that depend on what the stacks contain (one per alarm found in any environment). */
  readonly limits: readonly LimitRow[] | ((facts: readonly PlatformFacts[]) => LimitRow[]);
}

/** A row of a section's table: one value per environment, `undefined` when the stack does not set it. */
export interface LimitRow {
  readonly label: string;
  readonly value: (facts: PlatformFacts) => string | undefined;
}

const list = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : 'none');
const onOff = (value: boolean | undefined) => (value === undefined ? undefined : value ? 'on' : 'off');
const count = (value: number | undefined, unit: string) =>
  value === undefined ? undefined : `${value.toLocaleString('en-US')} ${unit}`;

export function natMode(facts: PlatformFacts): string {
  const zones = facts.availabilityZones.length;
  if (facts.natGateways === 0) return 'none';
  if (facts.natGateways === zones) return `${facts.natGateways} (one per AZ)`;
  if (facts.natGateways === 1) return '1 (shared by all AZs)';
  return `${facts.natGateways} for ${zones} AZs`;
}

export function taskSize(facts: PlatformFacts): string | undefined {
  if (facts.taskCpu === undefined || facts.taskMemoryMiB === undefined) return undefined;
  return `${facts.taskCpu / 1024} vCPU (${facts.taskCpu} units), ${facts.taskMemoryMiB.toLocaleString('en-US')} MiB`;
}

export function taskRange(facts: PlatformFacts): string | undefined {
  return facts.minTasks === undefined || facts.maxTasks === undefined
    ? undefined
    : `${facts.minTasks} to ${facts.maxTasks}`;
}

export function apiThrottle(facts: PlatformFacts): string | undefined {
  if (facts.throttleRatePerSecond === undefined || facts.throttleBurst === undefined) return undefined;
  return `${count(facts.throttleRatePerSecond, 'requests/s')}, burst ${facts.throttleBurst.toLocaleString('en-US')}`;
}

export function wafRate(facts: PlatformFacts): string | undefined {
  if (facts.wafRateLimit === undefined || facts.wafRateWindowSeconds === undefined) return undefined;
  return `${count(facts.wafRateLimit, 'requests')} per IP per ${facts.wafRateWindowSeconds / 60} min`;
}

const METRIC_NAMES: Readonly<Record<string, string>> = {
  ECSServiceAverageCPUUtilization: 'CPU',
  ECSServiceAverageMemoryUtilization: 'memory',
  ALBRequestCountPerTarget: 'requests per target',
};

/**
 * One alarm's row: its key and what it watches, then per environment the condition and window. Where environments
 * watch different metrics (running tasks without Container Insights count healthy targets), each cell says which.
 */
function alarmRow(key: string, facts: readonly PlatformFacts[]): LimitRow {
  const of = (f: PlatformFacts) => f.alarms.find((a) => a.key === key);
  const watched = new Set(
    facts
      .map(of)
      .map((a) => a?.watches)
      .filter((w) => w !== undefined),
  );
  const shared = watched.size === 1 ? [...watched][0] : undefined;
  return {
    label: shared ? `\`${key}\`: ${shared}` : `\`${key}\``,
    value: (f) => {
      const alarm = of(f);
      if (!alarm) return undefined;
      const where = alarm.region === f.region ? '' : ` (${alarm.region})`;
      return `${shared ? '' : `${alarm.watches}: `}${alarm.condition}, ${alarm.window}${where}`;
    },
  };
}

export const SECTIONS: readonly ServiceSection[] = [
  {
    title: 'Amazon Route 53',
    what:
      'Hosts the public zone. Alias records send the application name to CloudFront and the origin name to API ' +
      "Gateway's regional custom domain; CNAME records prove ownership of the names to ACM.",
    why:
      'Alias records follow the addresses of the AWS targets as they change, answer at the zone apex where a CNAME ' +
      'cannot, and cost nothing per query when they point at CloudFront. The zone id comes from configuration, so ' +
      '`terraform plan` needs no lookup.',
    limits: [{ label: 'Alias records', value: (f) => list(f.dnsNames) }],
  },
  {
    title: 'Amazon CloudFront',
    what:
      'Terminates viewer TLS at the edge and redirects HTTP to HTTPS. Redirects ' +
      '(`GET /{slug}`) are cached as long as the service allows with `Cache-Control`; `/api/*` is never cached. ' +
      'Every origin request carries a secret `X-Origin-Verify` header that the ALB checks.',
    why:
      'Cached redirects are answered near the user without reaching the Region, which is most of the traffic of a ' +
      'link shortener. It is also where WAF filters: an HTTP API cannot have a web ACL of its own.',
    limits: [
      { label: 'Price class', value: (f) => f.cdnPriceClass },
      { label: 'Minimum viewer TLS', value: (f) => f.cdnMinimumTls },
      { label: 'HTTP versions', value: (f) => f.cdnHttpVersion },
    ],
  },
  {
    title: 'AWS WAF',
    what:
      "A web ACL of scope CLOUDFRONT (so it lives in us-east-1) on the distribution: AWS's managed rule groups for " +
      'common exploits, known bad inputs, SQL injection and IP reputation, and a rate-based rule per client IP. ' +
      'Its log goes to CloudWatch Logs in the same Region.',
    why:
      'Managed rule groups are maintained by AWS as attacks change; filtering at the edge stops floods before they ' +
      'cost anything in the Region. The ALB only accepts requests with the origin header, so nothing reaches the ' +
      'service around the firewall.',
    limits: [
      { label: 'Rate limit', value: wafRate },
      { label: 'Managed rule groups', value: (f) => list(f.wafManagedRuleGroups) },
    ],
  },
  {
    title: 'AWS Certificate Manager',
    what:
      "DNS-validated public certificates: one in us-east-1 for CloudFront's viewer side, one in the home Region " +
      "for API Gateway's custom domain and the ALB's HTTPS listener.",
    why:
      'Public certificates are free and renew themselves while the validation records exist; no private key is ever ' +
      'handled. CloudFront only accepts certificates from us-east-1, hence the second, aliased provider.',
    limits: [
      {
        label: 'Certificates',
        value: (f) => list(f.certificates.map((c) => `${c.domain} (${c.region})`)),
      },
    ],
  },
  {
    title: 'Amazon API Gateway (HTTP API) and VPC link',
    what:
      "The managed front door: a regional custom domain that is CloudFront's origin, the default `execute-api` " +
      'endpoint disabled so that the only way in is through CloudFront, a `$default` stage with throttling and JSON ' +
      "access logs, and a private integration that reaches the ALB's listener through a VPC link in the private subnets.",
    why:
      'HTTP API rather than REST API: it costs less per request, adds less latency and reaches an ALB listener through ' +
      'a VPC link directly. What a REST API would add (WAF association, resource policies, response caching, usage ' +
      'plans) is covered by CloudFront and WAF in front of it. The VPC link keeps the ALB and the tasks without public ' +
      'addresses.',
    limits: [{ label: 'Stage throttling', value: apiThrottle }],
  },
  {
    title: 'Amazon VPC',
    what:
      'One VPC over several Availability Zones. Public subnets hold only NAT gateways; private subnets hold the ALB ' +
      "nodes, the VPC link's interfaces and the tasks, none with a public address. Gateway endpoints for S3 and " +
      'DynamoDB are on every private route table; interface endpoints for ECR and CloudWatch Logs are optional. Flow ' +
      'logs record all traffic. Security groups chain VPC link to ALB to tasks, each admitting only the hop before it.',
    why:
      'One NAT gateway per AZ keeps egress working when an AZ fails and avoids cross-AZ data charges; one shared NAT ' +
      'gateway costs a fraction and suits an environment that can lose egress with its AZ. The gateway endpoints are ' +
      'free and keep table traffic and image layers (served from S3) off the NAT gateways; interface endpoints do the ' +
      'same for the ECR and CloudWatch Logs APIs at an hourly price per AZ.',
    limits: [
      { label: 'CIDR', value: (f) => f.vpcCidr },
      {
        label: 'Availability Zones',
        value: (f) => `${f.availabilityZones.length} (${f.availabilityZones.join(', ')})`,
      },
      { label: 'NAT gateways', value: natMode },
      { label: 'Gateway endpoints', value: (f) => list(f.gatewayEndpoints) },
      { label: 'Interface endpoints', value: (f) => list(f.interfaceEndpoints) },
    ],
  },
  {
    title: 'Elastic Load Balancing (Application Load Balancer)',
    what:
      'An internal ALB in the private subnets with an HTTPS listener. It drops invalid headers and mitigates request ' +
      'desync; a listener rule forwards only requests that carry the origin header, anything else gets 403. It ' +
      'health-checks each task, drains connections on deploys and writes access logs to S3.',
    why:
      'API Gateway reaches an ALB listener over a VPC link, and the ALB brings what the tasks need: health-checked ' +
      'routing to IP targets in every AZ, header rules for the origin check and TLS inside the VPC.',
    limits: [
      { label: 'TLS policy', value: (f) => f.albSslPolicy },
      { label: 'Idle timeout', value: (f) => count(f.albIdleTimeoutSeconds, 's') },
      { label: 'Health check', value: (f) => f.healthCheckPath },
      { label: 'Deletion protection', value: (f) => onOff(f.albDeletionProtection) },
    ],
  },
  {
    title: 'Amazon ECS on AWS Fargate',
    what:
      'An ECS service runs the shortlinks container in the private subnets of every AZ. A failed deployment rolls back ' +
      'by itself (circuit breaker); target tracking scales the task count on CPU and memory between a minimum and a ' +
      'maximum, and Terraform leaves the running count to it after the first apply.',
    why:
      'Fargate rather than EC2: there are no instances to patch, scale or pack tasks onto, each task is isolated, and ' +
      'billing is per task-second; for one small stateless service the savings of EC2 would not pay for running it. ' +
      'The service is a long-lived Koa server with keep-alive connections, a container rather than a function.',
    limits: [
      { label: 'Task size', value: taskSize },
      { label: 'Tasks at first deploy', value: (f) => f.desiredCount?.toString() },
      { label: 'Tasks (autoscaling)', value: taskRange },
      {
        label: 'Scaling targets',
        value: (f) => list(f.scalingTargets.map((t) => `${METRIC_NAMES[t.metric] ?? t.metric} ${t.target}%`)),
      },
      { label: 'Rollback on failed deploy', value: (f) => onOff(f.circuitBreakerRollback) },
    ],
  },
  {
    title: 'Amazon DynamoDB',
    what:
      'The links table. A redirect is one `GetItem` by slug, a new link one conditional `PutItem`; expired links are ' +
      'removed by TTL. The tasks reach it through the gateway endpoint, never over the internet.',
    why:
      'DynamoDB rather than RDS: every access is by key, answered in single-digit milliseconds at any scale, with no ' +
      'instance to size, patch or fail over and no connection pool to exhaust when the service scales out. Nothing ' +
      'here needs joins or transactions across rows. On-demand capacity follows the traffic without planning.',
    limits: [
      { label: 'Capacity mode', value: (f) => f.tableBillingMode },
      { label: 'Point-in-time recovery', value: (f) => onOff(f.pointInTimeRecovery) },
      { label: 'Deletion protection', value: (f) => onOff(f.tableDeletionProtection) },
      { label: 'TTL attribute', value: (f) => f.ttlAttribute },
    ],
  },
  {
    title: 'Amazon ECR',
    what: "The service image's repository. Tasks pull from it through the interface endpoints or the NAT gateways.",
    why:
      'Pulls are authorised by the task execution role and stay inside AWS; immutable tags make a deployed tag mean ' +
      'one image for good, scanning on push reports known vulnerabilities, and a lifecycle policy prunes old images.',
    limits: [
      { label: 'Tag mutability', value: (f) => f.imageTagMutability },
      { label: 'Scan on push', value: (f) => onOff(f.scanOnPush) },
    ],
  },
  {
    title: 'Amazon CloudWatch Logs',
    what:
      'Receives the application logs (awslogs driver), the API access logs, the VPC flow logs and, in us-east-1, the ' +
      'WAF logs.',
    why: 'Each producer writes to it natively, with no agent to run; a retention on every group bounds cost.',
    limits: ['application (ECS tasks)', 'API Gateway access logs', 'VPC flow logs', 'WAF logs'].map((writer) => ({
      label: `Retention: ${writer}`,
      value: (f: PlatformFacts) => count(f.logGroups.find((g) => g.writer === writer)?.retentionDays, 'days'),
    })),
  },
  {
    title: 'Amazon S3',
    what:
      "Keeps each environment's Terraform state in the bucket the `state` stack creates: versioned, encrypted, closed " +
      'to the public and to plain HTTP, with old versions expiring. Terraform locks a state with a lock file next to ' +
      'it. Further buckets per environment receive the access logs of CloudFront and the ALB.',
    why:
      'State in S3 is shared, durable and recoverable from any earlier version; S3-native locking (`use_lockfile`) ' +
      'replaces the DynamoDB lock table of older setups. Access logs in S3 cost little and feed Athena when needed.',
    limits: [
      { label: 'State bucket', value: (f) => f.state && `${f.state.bucket} (stack \`${f.state.stack}\`)` },
      { label: 'State key', value: (f) => f.state?.key },
      { label: 'Noncurrent state versions kept', value: (f) => count(f.state?.noncurrentVersionDays, 'days') },
      {
        label: 'State locking',
        value: (f) => (f.state === undefined ? undefined : f.state.lockfile ? 'S3 lock file' : 'none'),
      },
      { label: 'Access-log buckets', value: (f) => list(f.buckets) },
    ],
  },
  {
    title: 'Amazon CloudWatch alarms and Amazon SNS',
    what:
      'Alarms on the golden signals of every tier: the server-error rate and tail latency of the tasks and their ' +
      'health at the ALB, running tasks, CPU and memory, table throttles and errors, the API’s server- and ' +
      'client-error rates, and, in us-east-1 where CloudFront and WAF publish their metrics, the edge error rate and ' +
      'WAF blocks. Each notifies an ' +
      'SNS topic in its own Region, on alarm and on recovery. The ECS service rolls a deployment back when one of its ' +
      'release alarms fires. A dashboard per environment graphs each signal with its threshold.',
    why:
      'An alarm can only notify a topic in its own Region, hence a second topic next to the edge alarms. The topics ' +
      'are encrypted with their own KMS keys, whose policies let CloudWatch encrypt: the AWS-managed SNS key cannot ' +
      'grant that, and alarms would then fail to publish without an error. Rates are computed from request counts, ' +
      'so a quiet hour with one failed request does not page anyone.',
    limits: (facts) => [
      {
        label: 'Alarm topics',
        value: (f) =>
          list(f.alarmTopics.map((t) => `${t.name} (${t.region}${t.encrypted ? ', KMS-encrypted' : ', unencrypted'})`)),
      },
      {
        label: 'E-mail subscriptions',
        value: (f) => list(f.alarmTopics.map((t) => `${t.name}: ${t.emailSubscriptions}`)),
      },
      { label: 'Deployment rolls back on', value: (f) => list(f.rollbackAlarms) },
      ...[...new Set(facts.flatMap((f) => f.alarms.map((a) => a.key)))].sort().map((key) => alarmRow(key, facts)),
    ],
  },
];
