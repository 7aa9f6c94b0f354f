/**
 * The platform's alarm set: one key per alarm, the same string as the alarm name's suffix
 * (`<name>-<key>`), so a name in the console, in config and in the ECS deployment alarms is the same fact.
 */
export const ALARM_KEYS = [
  'alb-target-5xx-rate',
  'alb-target-p99-latency',
  'alb-unhealthy-hosts',
  'ecs-running-tasks',
  'ecs-cpu-high',
  'ecs-memory-high',
  'dynamodb-throttles',
  'dynamodb-system-errors',
  'api-5xx-rate',
  'api-4xx-surge',
  'cloudfront-5xx-rate',
  'waf-blocked-surge',
] as const;

/** One alarm of the set, e.g. `alb-target-5xx-rate`. */
export type AlarmKey = (typeof ALARM_KEYS)[number];

/** Alarms that watch us-east-1 metrics (CloudFront and CLOUDFRONT-scope WAF publish only there). */
export const EDGE_ALARM_KEYS: readonly AlarmKey[] = ['cloudfront-5xx-rate', 'waf-blocked-surge'];

/**
 * The alarms that mean "this release is bad": the ECS service's deployment alarms name them, so a release that
 * answers 5xx or fails its health checks rolls back by itself.
 */
export const RELEASE_ALARM_KEYS: readonly AlarmKey[] = ['alb-target-5xx-rate', 'alb-unhealthy-hosts'];

/** The CloudWatch name of one alarm of the platform whose resources are named `name`. */
export function alarmName(name: string, key: AlarmKey): string {
  return `${name}-${key}`;
}

/**
 * The names of the release alarms, derived from the platform name alone: the ECS service takes them before the
 * alarms exist in the construct tree, and no Terraform reference runs from the service to the alarms (which
 * themselves read the load balancer the service registers with), so there is no cycle.
 */
export function releaseAlarmNames(name: string): string[] {
  return RELEASE_ALARM_KEYS.map((key) => alarmName(name, key));
}

/** When an alarm fires: the threshold and the window it is judged over. */
export interface AlarmSettings {
  /** The value the alarm compares with (its unit depends on the alarm: percent, seconds, a count). */
  readonly threshold: number;
  /** Length of one datapoint in seconds: 10, 30 or a multiple of 60. */
  readonly periodSeconds: number;
  /** Datapoints looked at, most recent first. */
  readonly evaluationPeriods: number;
  /** Of those, how many must breach ("M out of N"), so one noisy minute does not page anyone. */
  readonly datapointsToAlarm: number;
}

/** Per-alarm changes to the defaults; unnamed alarms and fields keep `DEFAULT_ALARM_SETTINGS`. */
export type AlarmOverrides = { readonly [K in AlarmKey]?: Partial<AlarmSettings> };

/**
 * Defaults, chosen for a small latency-sensitive HTTP service. Rates are percent of requests, judged only when a
 * period has at least `MIN_REQUESTS_FOR_RATE` requests (a single failure in a quiet minute is not a 100% error
 * rate). `ecs-running-tasks` has no threshold here: it is the service's minimum task count.
 */
export const DEFAULT_ALARM_SETTINGS: Readonly<
  Record<AlarmKey, Omit<AlarmSettings, 'threshold'> & { threshold?: number }>
> = {
  // 5% of requests failing for 3 minutes in a row: a broken release, caught while ECS still watches the deployment.
  'alb-target-5xx-rate': { threshold: 5, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 3 },
  // p99 over 2 s in 4 of 5 minutes: a redirect is one GetItem, so this means a sick dependency or CPU starvation.
  'alb-target-p99-latency': { threshold: 2, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 4 },
  // Any unhealthy target for 2 minutes (the health check needs 45 s to call one unhealthy).
  'alb-unhealthy-hosts': { threshold: 1, periodSeconds: 60, evaluationPeriods: 2, datapointsToAlarm: 2 },
  // Below the minimum task count for 5 minutes: longer than a task replacement takes.
  'ecs-running-tasks': { periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 5 },
  // 85% for 15 minutes: autoscaling targets far less, so this means the service is at its maximum size.
  'ecs-cpu-high': { threshold: 85, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3 },
  'ecs-memory-high': { threshold: 85, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3 },
  // An on-demand table throttles only past its account or partition limits: any throttling in 3 of 5 minutes.
  'dynamodb-throttles': { threshold: 1, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 },
  // Errors inside DynamoDB (HTTP 500): the SDK retries them, so one is noise and three minutes of them is not.
  'dynamodb-system-errors': { threshold: 1, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 },
  'api-5xx-rate': { threshold: 5, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 3 },
  // Unknown slugs answer 404 normally; a quarter of all requests for 10 minutes is a client bug, a scan or 429s.
  'api-4xx-surge': { threshold: 25, periodSeconds: 300, evaluationPeriods: 2, datapointsToAlarm: 2 },
  // CloudFront's own error rate (percent), which also counts errors the origin never saw.
  'cloudfront-5xx-rate': { threshold: 5, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 },
  // 500 blocked requests in 5 minutes, twice in a row: an attack or a false positive locking users out.
  'waf-blocked-surge': { threshold: 500, periodSeconds: 300, evaluationPeriods: 2, datapointsToAlarm: 2 },
};

/** Requests a period needs before an error rate is judged; quieter periods count as 0%. */
export const MIN_REQUESTS_FOR_RATE = 20;

/** CloudWatch's limit on `period × evaluation_periods` (one day). */
const MAX_EVALUATION_SECONDS = 86_400;

/** What is wrong with one alarm's settings, each message naming the field; empty when CloudWatch accepts them. */
export function alarmSettingsProblems(settings: Partial<AlarmSettings>): string[] {
  const problems: string[] = [];
  const { threshold, periodSeconds, evaluationPeriods, datapointsToAlarm } = settings;
  if (threshold !== undefined && !(Number.isFinite(threshold) && threshold >= 0)) {
    problems.push(`threshold must be a number ≥ 0, got ${threshold}`);
  }
  if (
    periodSeconds !== undefined &&
    !(
      periodSeconds === 10 ||
      periodSeconds === 30 ||
      (Number.isInteger(periodSeconds) && periodSeconds >= 60 && periodSeconds % 60 === 0)
    )
  ) {
    problems.push(`periodSeconds must be 10, 30 or a multiple of 60, got ${periodSeconds}`);
  }
  if (evaluationPeriods !== undefined && !(Number.isInteger(evaluationPeriods) && evaluationPeriods >= 1)) {
    problems.push(`evaluationPeriods must be a whole number ≥ 1, got ${evaluationPeriods}`);
  }
  if (datapointsToAlarm !== undefined && !(Number.isInteger(datapointsToAlarm) && datapointsToAlarm >= 1)) {
    problems.push(`datapointsToAlarm must be a whole number ≥ 1, got ${datapointsToAlarm}`);
  }
  if (evaluationPeriods !== undefined && datapointsToAlarm !== undefined && datapointsToAlarm > evaluationPeriods) {
    problems.push(`datapointsToAlarm (${datapointsToAlarm}) exceeds evaluationPeriods (${evaluationPeriods})`);
  }
  if (
    periodSeconds !== undefined &&
    evaluationPeriods !== undefined &&
    periodSeconds * evaluationPeriods > MAX_EVALUATION_SECONDS
  ) {
    problems.push(
      `periodSeconds × evaluationPeriods is ${periodSeconds * evaluationPeriods} s; CloudWatch allows at most ${MAX_EVALUATION_SECONDS} s`,
    );
  }
  return problems;
}

/** Problems of a whole override set (config), each as `<alarm key>.<field>: <reason>`. */
export function alarmOverridesProblems(overrides: AlarmOverrides): string[] {
  return Object.entries(overrides).flatMap(([key, override]) => {
    if (!(ALARM_KEYS as readonly string[]).includes(key)) {
      return [`${key}: not an alarm of the platform; use one of ${ALARM_KEYS.join(', ')}`];
    }
    const merged = { ...DEFAULT_ALARM_SETTINGS[key as AlarmKey], ...override };
    return alarmSettingsProblems(merged).map((problem) => `${key}: ${problem}`);
  });
}
