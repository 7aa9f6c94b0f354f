import type { Kind } from './catalog';
import { membersOfType, type Component } from './components';

/** A literal attribute value, or undefined when it is absent or only known at apply time (`${...}`). */
export function literal(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))].sort();
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

type Describe = (component: Component) => string[];

const first = (component: Component) => component.anchors[0].attributes;

/** The human facts printed under each kind's title, read from the component's resources. */
const DESCRIBE: Partial<Record<Kind, Describe>> = {
  dns: (c) => unique(c.anchors.map((r) => literal(r.attributes.name))),
  cdn: (c) => unique(((first(c).aliases as unknown[]) ?? []).map(literal)),
  waf: (c) => [`web ACL, ${plural(((first(c).rule as unknown[]) ?? []).length, 'rule')}`],
  certificate: (c) => unique([literal(first(c).domain_name)]),
  api: (c) => [
    `${literal(first(c).protocol_type) ?? ''} API`.trim(),
    ...unique(membersOfType(c, 'aws_apigatewayv2_domain_name').map((d) => literal(d.attributes.domain_name))),
  ],
  alb: (c) => [first(c).internal === true ? 'internal' : 'internet-facing'],
  fargate: (c) => {
    const task = membersOfType(c, 'aws_ecs_task_definition')[0]?.attributes ?? {};
    const cpu = literal(task.cpu);
    const memory = literal(task.memory);
    return [
      `ECS service ${literal(first(c).name) ?? ''}`.trim(),
      ...(cpu && memory ? [`${cpu} CPU, ${memory} MiB`] : []),
    ];
  },
  table: (c) => unique([literal(first(c).name)]),
  registry: (c) => unique([literal(first(c).name)]),
  logs: (c) => [plural(c.anchors.length, 'log group')],
  bucket: (c) => {
    const prefix = literal(first(c).bucket_prefix);
    return unique([literal(first(c).bucket) ?? (prefix ? `${prefix}*` : undefined)]);
  },
  endpoints: (c) => [
    `${literal(first(c).vpc_endpoint_type) ?? 'Gateway'}: ${unique(c.anchors.map((r) => endpointService(r.attributes.service_name))).join(', ')}`,
  ],
  flowLogs: (c) => [`traffic ${literal(first(c).traffic_type) ?? 'ALL'}`],
  alarms: (c) => [plural(c.anchors.length, 'alarm')],
  alarmTopic: (c) => [
    ...unique([literal(first(c).name)]),
    ...(first(c).kms_master_key_id === undefined ? ['unencrypted'] : ['KMS-encrypted']),
    ...(membersOfType(c, 'aws_sns_topic_subscription').length > 0
      ? [plural(membersOfType(c, 'aws_sns_topic_subscription').length, 'subscription')]
      : []),
  ],
};

/** `com.amazonaws.eu-west-1.ecr.dkr` -> `ecr.dkr`. */
export function endpointService(serviceName: unknown): string | undefined {
  return literal(serviceName)?.replace(/^com\.amazonaws\.[a-z0-9-]+\./, '');
}

export function describe(component: Component): string[] {
  return DESCRIBE[component.kind]?.(component) ?? [];
}
