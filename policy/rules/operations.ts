import { type Body, blocks, firstBlock, isObject, isTrue, strings } from '../../lib/terraform-json/attributes';
import { ENVIRONMENT_KEY } from '../../lib/policy-markers';
import { ALARM_KEYS, type AlarmKey, EDGE_ALARM_KEYS, RELEASE_ALARM_KEYS } from '../../lib/alarms/settings';
import {
  type AlarmSignal,
  edgeAlarmDefinitions,
  type RegionalTargets,
  regionalAlarmDefinitions,
} from '../../lib/alarms/definitions';
import { CLOUDWATCH_PRINCIPAL, TOPIC_KEY_ACTIONS } from '../../lib/alarms/cloudwatch-access';
import { CLOUDFRONT_REGION } from '../../lib/cloudfront';
import { actionMatches, readPolicy, type Statement } from '../model/iam-policy';
import type { Block, Located, StackModel } from '../model/stack';
import type { Rule, Violation } from '../rule';

const ALARM = 'aws_cloudwatch_metric_alarm';
const TOPIC = 'aws_sns_topic';
const ACTION_ATTRIBUTES = ['alarm_actions', 'ok_actions', 'insufficient_data_actions'];
/** The concrete actions behind the module's grant (`kms:GenerateDataKey*` → `kms:GenerateDataKey`). */
const KEY_ACTIONS_FOR_PUBLISHING = TOPIC_KEY_ACTIONS.map((action) => action.replace(/\*$/, ''));
const SNS_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):/;

/** The Region a block runs in: its provider's literal region, else the provider key (same key, same Region). */
function regionOf(stack: StackModel, block: Block): string {
  return stack.providerRegion(block) ?? `provider ${stack.providerKey(block)}`;
}

/** Where an alarm action points: a topic of this stack, a literal ARN's Region, or something unreadable. */
function actionTarget(stack: StackModel, action: string): { topic: Block } | { region: string } | undefined {
  const target = stack.target(action);
  if (target?.type === TOPIC) return { topic: target };
  const region = SNS_ARN.exec(action)?.[1];
  return region ? { region } : undefined;
}

function alarmActions(alarm: Block): { attribute: string; action: string }[] {
  return ACTION_ATTRIBUTES.flatMap((attribute) =>
    strings(alarm.body[attribute]).map((action) => ({ attribute, action })),
  );
}

/** The topics alarms of this stack notify. */
function alarmTopics(stack: StackModel): Block[] {
  const topics = new Map<string, Block>();
  for (const alarm of stack.resources(ALARM)) {
    for (const { action } of alarmActions(alarm)) {
      const target = actionTarget(stack, action);
      if (target && 'topic' in target) topics.set(target.topic.address, target.topic);
    }
  }
  return [...topics.values()];
}

function allows(statements: Statement[], principal: string, action: string): boolean {
  return statements.some(
    (s) =>
      s.effect === 'Allow' &&
      s.principals.some((p) => p.type === 'Service' && p.identifiers.includes(principal)) &&
      s.actions.some((pattern) => actionMatches(pattern, action)),
  );
}

/** What keeps CloudWatch from publishing to an alarm topic: its key, and its topic policy if it has one. */
function topicProblems(stack: StackModel, topic: Block): string[] {
  const keyValue = topic.body.kms_master_key_id;
  if (keyValue === undefined) return ['kms_master_key_id is not set: alarm notifications are stored unencrypted'];
  let key = stack.target(keyValue);
  if (key?.type === 'aws_kms_alias') key = stack.target(key.body.target_key_id);
  if (!key || key.type !== 'aws_kms_key') {
    return [
      `kms_master_key_id ${String(keyValue)} is not a customer-managed key of this stack; CloudWatch cannot use ` +
        'the AWS-managed alias/aws/sns key, so alarms would fail to publish',
    ];
  }
  const problems: string[] = [];
  if (regionOf(stack, key) !== regionOf(stack, topic)) {
    problems.push(`its key ${key.address} is in ${regionOf(stack, key)}, the topic in ${regionOf(stack, topic)}`);
  }
  const keyPolicy = readPolicy(stack, key.body.policy);
  if (!keyPolicy.ok) problems.push(`the policy of ${key.address} cannot be read: ${keyPolicy.reason}`);
  else {
    const missing = KEY_ACTIONS_FOR_PUBLISHING.filter((a) => !allows(keyPolicy.statements, CLOUDWATCH_PRINCIPAL, a));
    if (missing.length > 0) {
      problems.push(`the policy of ${key.address} does not allow ${CLOUDWATCH_PRINCIPAL} ${missing.join(', ')}`);
    }
  }
  for (const policy of stack.referrers(topic, 'arn', 'aws_sns_topic_policy')) {
    const reading = readPolicy(stack, policy.body.policy);
    if (reading.ok && !allows(reading.statements, CLOUDWATCH_PRINCIPAL, 'sns:Publish')) {
      problems.push(`its topic policy ${policy.address} does not allow ${CLOUDWATCH_PRINCIPAL} sns:Publish`);
    }
  }
  return problems;
}

/** `namespace/metric` pairs an alarm reads: its own metric or the inputs of its metric math. */
function metricsRead(alarm: Block): Set<string> {
  const read = new Set<string>();
  const add = (body: Body | undefined) => {
    if (body && typeof body.namespace === 'string' && typeof body.metric_name === 'string') {
      read.add(`${body.namespace}/${body.metric_name}`);
    }
  };
  add(alarm.body);
  for (const query of blocks(alarm.body.metric_query)) add(firstBlock(query.metric));
  return read;
}

function signalMetrics(signal: AlarmSignal): string[] {
  const metrics = 'metric' in signal ? [signal.metric] : Object.values(signal.inputs);
  return metrics.map((m) => `${m.namespace}/${m.metricName}`);
}

/**
 * For each alarm of the set, the metric combinations that satisfy it, read from the observability module's own
 * definitions (so the rule and the module cannot drift): the running-tasks alarm has two (Container Insights, or
 * healthy targets without it).
 */
const REQUIRED: ReadonlyMap<AlarmKey, string[][]> = (() => {
  const placeholder = (containerInsights: boolean): RegionalTargets => ({
    loadBalancerArnSuffix: 'lb',
    targetGroupArnSuffix: 'tg',
    clusterName: 'cluster',
    serviceName: 'service',
    serviceLogGroupName: 'logs',
    minimumTasks: 1,
    containerInsights,
    tableName: 'table',
    tableOperations: ['GetItem'],
    apiId: 'api',
    apiStage: 'stage',
  });
  const definitions = [
    ...regionalAlarmDefinitions(placeholder(true)),
    ...regionalAlarmDefinitions(placeholder(false)),
    ...edgeAlarmDefinitions({ distributionId: 'distribution', webAclMetricName: 'acl' }),
  ];
  const required = new Map<AlarmKey, string[][]>();
  for (const d of definitions) {
    const options = required.get(d.key) ?? [];
    const metrics = signalMetrics(d.signal);
    if (!options.some((o) => o.join() === metrics.join())) options.push(metrics);
    required.set(d.key, options);
  }
  return required;
})();

/** A platform stack: it carries the environment marker, or runs an ECS service. */
function isPlatformStack(stack: StackModel): boolean {
  return isObject(stack.comment?.[ENVIRONMENT_KEY]) || stack.resources('aws_ecs_service').length > 0;
}

/** Where a stack-wide finding points: the service when there is one, else the stack itself. */
function stackAnchor(stack: StackModel): Located {
  return stack.resources('aws_ecs_service')[0] ?? { address: stack.name, path: stack.name, exceptions: new Map() };
}

export const operationsRules: Rule[] = [
  {
    id: 'CUSTOM_ALARM_ACTIONS_IN_REGION',
    severity: 'error',
    section: 'operations',
    title:
      'Every CloudWatch alarm notifies someone (alarm actions), and every action is a topic in the alarm’s own ' +
      'Region: CloudWatch does not deliver across Regions.',
    check: (stack) =>
      stack.resources(ALARM).flatMap((alarm): Violation[] => {
        const found: string[] = [];
        if (strings(alarm.body.alarm_actions).length === 0) found.push('alarm_actions is empty: nobody hears of it');
        if (!isTrue(alarm.body.actions_enabled ?? true)) found.push('actions_enabled is false');
        const region = regionOf(stack, alarm);
        for (const { attribute, action } of alarmActions(alarm)) {
          const target = actionTarget(stack, action);
          const targetRegion = !target ? undefined : 'topic' in target ? regionOf(stack, target.topic) : target.region;
          if (targetRegion === undefined)
            found.push(`${attribute} ${action} is neither a topic of this stack nor an SNS ARN`);
          else if (targetRegion !== region) {
            found.push(`${attribute} ${action} is in ${targetRegion}, the alarm in ${region}`);
          }
        }
        return found.map((message) => ({ at: alarm, message }));
      }),
  },
  {
    id: 'CUSTOM_ALARM_ACTIONABLE',
    severity: 'error',
    section: 'operations',
    title:
      'Every CloudWatch alarm also reports recovery (ok_actions), treats missing data deliberately ' +
      '(treat_missing_data set) and says what to look at first (alarm_description).',
    check: (stack) =>
      stack.resources(ALARM).flatMap((alarm): Violation[] => {
        const found: string[] = [];
        if (strings(alarm.body.ok_actions).length === 0) found.push('ok_actions is empty: nobody hears it recovered');
        if (typeof alarm.body.treat_missing_data !== 'string') {
          found.push('treat_missing_data is not set: silence counts as "missing", by accident rather than by choice');
        }
        if (typeof alarm.body.alarm_description !== 'string' || alarm.body.alarm_description.trim() === '') {
          found.push('alarm_description is empty: the notification does not say where to look');
        }
        return found.map((message) => ({ at: alarm, message }));
      }),
  },
  {
    id: 'CUSTOM_ALARM_TOPIC_ENCRYPTED_FOR_CLOUDWATCH',
    severity: 'error',
    section: 'operations',
    title:
      'Every topic an alarm notifies is encrypted with a customer-managed KMS key in its Region whose policy lets ' +
      'cloudwatch.amazonaws.com use it (not alias/aws/sns), and its topic policy lets CloudWatch publish.',
    check: (stack) =>
      alarmTopics(stack).flatMap((topic) => topicProblems(stack, topic).map((message) => ({ at: topic, message }))),
  },
  {
    id: 'CUSTOM_PLATFORM_ALARM_SET',
    severity: 'error',
    section: 'operations',
    title:
      'Every platform stack has the alarm set (ALB 5xx rate, p99 latency, unhealthy hosts; running tasks, CPU, ' +
      'memory; table throttles and system errors; API 5xx and 4xx; CloudFront 5xx and WAF blocks in us-east-1), and ' +
      'the ECS service rolls a release back on its release alarms.',
    check: (stack) => {
      if (!isPlatformStack(stack)) return [];
      const alarms = stack.resources(ALARM);
      const found: Violation[] = [];
      for (const key of ALARM_KEYS) {
        const options = REQUIRED.get(key) ?? [];
        const matching = alarms.filter((alarm) => {
          const read = metricsRead(alarm);
          return options.some((metrics) => metrics.every((m) => read.has(m)));
        });
        if (matching.length === 0) {
          found.push({
            at: stackAnchor(stack),
            message: `no alarm ${key} (on ${options.map((o) => o.join(' and ')).join(', or ')})`,
          });
        } else if (EDGE_ALARM_KEYS.includes(key)) {
          for (const alarm of matching.filter((a) => stack.providerRegion(a) !== CLOUDFRONT_REGION)) {
            found.push({
              at: alarm,
              message: `${key} runs in ${regionOf(stack, alarm)}; its metrics exist only in ${CLOUDFRONT_REGION}`,
            });
          }
        }
      }
      found.push(...deploymentAlarmProblems(stack, alarms));
      return found;
    },
  },
];

/** The ECS services' deployment alarms: on, rolling back, and naming this stack's release alarms. */
function deploymentAlarmProblems(stack: StackModel, alarms: Block[]): Violation[] {
  const names = new Map(alarms.map((alarm) => [String(alarm.body.alarm_name), alarm]));
  return stack.resources('aws_ecs_service').flatMap((service) => {
    const deployment = firstBlock(service.body.alarms);
    if (!deployment)
      return [{ at: service, message: 'no deployment alarms (alarms { alarm_names, enable, rollback })' }];
    const problems: string[] = [];
    if (!isTrue(deployment.enable)) problems.push('alarms.enable is not true');
    if (!isTrue(deployment.rollback)) problems.push('alarms.rollback is not true: a bad release would stay');
    const named = strings(deployment.alarm_names);
    for (const name of named.filter((n) => !names.has(n))) {
      problems.push(`alarms.alarm_names names ${name}, which is no alarm of this stack`);
    }
    for (const key of RELEASE_ALARM_KEYS) {
      if (!named.some((n) => names.has(n) && n.endsWith(`-${key}`))) {
        problems.push(`alarms.alarm_names lacks the release alarm ${key}`);
      }
    }
    return problems.map((message) => ({ at: service, message }));
  });
}
