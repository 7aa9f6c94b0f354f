import { DRAIN_BUDGET_SECONDS, ENV, HEALTHCHECK_COMMAND, HEALTHCHECK_TIMING } from '../../service/src/contract';

/** Name of the writable scratch volume; the root filesystem is read-only (CKV_AWS_336). */
export const TMP_VOLUME = 'tmp';
/**
 * Non-root uid:gid. The official Node images' `node` user is 1000; a number (not a name) works even when the
 * image has no /etc/passwd entry for it.
 */
export const CONTAINER_USER = '1000:1000';

export interface AppContainerProps {
  /** Container name, which the service's load balancer block names too. */
  readonly name: string;
  /** `<repository url>:<tag>`. */
  readonly image: string;
  /** Port the service listens on: the target group's port. */
  readonly port: number;
  /** The links table, passed to the service in its environment. */
  readonly tableName: string;
  /** Region of the table and of the log group. */
  readonly region: string;
  /** Origin the short links are served from, passed to the service. */
  readonly publicBaseUrl: string;
  /** Other host names the service refuses as link targets; none adds no variable. */
  readonly ownHostnames: readonly string[];
  /** Status of a redirect, passed to the service. */
  readonly redirectStatus: 301 | 302;
  /** Log group the awslogs driver writes to. */
  readonly logGroupName: string;
}

/**
 * The one container of the task. Configuration only, never secrets: everything here is visible to anyone
 * who can describe the task definition (NAG-ECS2); secrets would go through `secrets` and an SSM/Secrets
 * Manager reference.
 */
export function appContainerDefinition(props: AppContainerProps): Record<string, unknown> {
  const environment: Record<string, string> = {
    [ENV.port]: String(props.port),
    [ENV.tableName]: props.tableName,
    [ENV.region]: props.region,
    [ENV.publicBaseUrl]: props.publicBaseUrl,
    [ENV.redirectStatus]: String(props.redirectStatus),
    ...(props.ownHostnames.length > 0 ? { [ENV.ownHostnames]: props.ownHostnames.join(',') } : {}),
  };
  return {
    name: props.name,
    image: props.image,
    essential: true,
    user: CONTAINER_USER,
    readonlyRootFilesystem: true,
    mountPoints: [{ sourceVolume: TMP_VOLUME, containerPath: '/tmp', readOnly: false }],
    portMappings: [{ containerPort: props.port, protocol: 'tcp' }],
    // By code unit, not localeCompare: the same order on every machine, whatever its locale.
    environment: Object.entries(environment)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => ({ name, value })),
    // An init process forwards SIGTERM to Node and reaps zombies; dropping every capability costs Node nothing.
    linuxParameters: { initProcessEnabled: true, capabilities: { drop: ['ALL'] } },
    // ECS waits this long after SIGTERM before SIGKILL: the service drains within it.
    stopTimeout: DRAIN_BUDGET_SECONDS,
    // The same check and timings as the image's HEALTHCHECK (service/Dockerfile).
    healthCheck: {
      command: ['CMD', ...HEALTHCHECK_COMMAND],
      interval: HEALTHCHECK_TIMING.intervalSeconds,
      timeout: HEALTHCHECK_TIMING.timeoutSeconds,
      retries: HEALTHCHECK_TIMING.retries,
      startPeriod: HEALTHCHECK_TIMING.startPeriodSeconds,
    },
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': props.logGroupName,
        'awslogs-region': props.region,
        'awslogs-stream-prefix': props.name,
        // A CloudWatch Logs slowdown must not block the request path; the 25 MB buffer absorbs bursts.
        mode: 'non-blocking',
        'max-buffer-size': '25m',
      },
    },
  };
}
