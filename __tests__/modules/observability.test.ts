import 'cdktf/lib/testing/adapters/jest';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Testing, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import {
  ALARM_KEYS,
  type AlarmOverrides,
  DEFAULT_ALARM_SETTINGS,
  EDGE_ALARM_KEYS,
  Observability,
  type ObservabilityProps,
  type RegionalTargets,
  releaseAlarmNames,
} from '../../modules/observability';
import { resourcesOf, type Block, type TerraformJson } from '../helpers';

Testing.setupJest();

interface Query {
  id: string;
  expression?: string;
  return_data?: boolean;
  metric?: { metric_name: string; dimensions: Record<string, string> };
}
interface Widget {
  type: string;
  properties: { title: string; region: string; annotations: { horizontal: Array<{ label: string }> } };
}

const NAME = 'shortlinks-test';
const ACCOUNT = '123456789012';
const REGIONAL: RegionalTargets = {
  loadBalancerArnSuffix: 'app/shortlinks-test/0123456789abcdef',
  targetGroupArnSuffix: 'targetgroup/shortlinks-test/fedcba9876543210',
  clusterName: NAME,
  serviceName: NAME,
  serviceLogGroupName: `/ecs/${NAME}`,
  minimumTasks: 2,
  containerInsights: true,
  tableName: NAME,
  tableOperations: ['GetItem', 'PutItem'],
  apiId: 'a1b2c3d4e5',
  apiStage: '$default',
};

function build(scope: Construct, changes: Partial<ObservabilityProps> = {}, edgeRegion = 'us-east-1'): Observability {
  new AwsProvider(scope, 'aws', { region: 'eu-west-1' });
  const edgeProvider = new AwsProvider(scope, 'aws-us-east-1', { alias: 'us_east_1', region: edgeRegion });
  return new Observability(scope, 'observability', {
    name: NAME,
    accountId: ACCOUNT,
    region: 'eu-west-1',
    edgeProvider,
    regional: REGIONAL,
    edge: { distributionId: 'E1234567890ABC', webAclMetricName: `${NAME}-edge` },
    ...changes,
  });
}

function synth(changes: Partial<ObservabilityProps> = {}): string {
  return Testing.synthScope((scope) => {
    build(scope, changes);
  });
}

const parse = (synthesized: string) => JSON.parse(synthesized) as TerraformJson;

function alarmsByName(json: TerraformJson): Map<string, Block> {
  return new Map(
    resourcesOf(json, 'aws_cloudwatch_metric_alarm').map(([, block]) => [String(block.alarm_name), block]),
  );
}

describe('observability module', () => {
  it('creates the whole alarm set, each named <name>-<key>', () => {
    expect([...alarmsByName(parse(synth())).keys()].sort()).toEqual(ALARM_KEYS.map((key) => `${NAME}-${key}`).sort());
  });

  it('gives every alarm alarm and OK actions, a missing-data rule and a description', () => {
    for (const alarm of alarmsByName(parse(synth())).values()) {
      expect(alarm.alarm_actions).toHaveLength(1);
      expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
      expect(['breaching', 'notBreaching']).toContain(alarm.treat_missing_data);
      expect(String(alarm.alarm_description)).toMatch(/look first/i);
    }
  });

  it('notifies a topic in the alarm’s own Region: edge alarms on the us-east-1 provider and topic', () => {
    const json = parse(synth());
    const topics = resourcesOf(json, 'aws_sns_topic');
    const edgeTopic = topics.find(([, t]) => t.provider === 'aws.us_east_1')!;
    const homeTopic = topics.find(([, t]) => t.provider === undefined)!;
    expect(edgeTopic).toBeDefined();
    expect(homeTopic).toBeDefined();
    for (const [name, alarm] of alarmsByName(json)) {
      const edge = EDGE_ALARM_KEYS.some((key) => name.endsWith(key));
      const [topicName] = edge ? edgeTopic : homeTopic;
      expect({ name, provider: alarm.provider }).toEqual({ name, provider: edge ? 'aws.us_east_1' : undefined });
      expect(alarm.alarm_actions).toEqual([`\${aws_sns_topic.${topicName}.arn}`]);
    }
  });

  it('encrypts both topics with their own rotating key whose policy lets CloudWatch encrypt for our alarms only', () => {
    const synthesized = synth();
    expect(synthesized).toHaveResourceWithProperties(SnsTopic, { name: `${NAME}-alarms` });
    expect(synthesized).toHaveResourceWithProperties(SnsTopic, {
      name: `${NAME}-edge-alarms`,
      provider: 'aws.us_east_1',
    });
    expect(synthesized).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 30,
    });
    const json = parse(synthesized);
    const keys = resourcesOf(json, 'aws_kms_key').map(([name]) => name);
    expect(keys).toHaveLength(2);
    for (const [, topic] of resourcesOf(json, 'aws_sns_topic')) {
      expect(keys.map((k) => `\${aws_kms_key.${k}.arn}`)).toContain(topic.kms_master_key_id);
    }
    const keyPolicies = Object.entries(json.data?.aws_iam_policy_document ?? {}).filter(([name]) =>
      name.includes('key-policy'),
    );
    expect(keyPolicies).toHaveLength(2);
    for (const [, policy] of keyPolicies) {
      const statements = policy.statement as Array<Record<string, unknown>>;
      const cloudwatch = statements.find((s) => s.sid === 'CloudWatchAlarmsEncrypt')!;
      expect(cloudwatch).toMatchObject({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
      });
      expect(cloudwatch.condition).toContainEqual({
        test: 'ArnLike',
        variable: 'aws:SourceArn',
        values: [
          expect.stringMatching(new RegExp(`^arn:aws:cloudwatch:(eu-west-1|us-east-1):${ACCOUNT}:alarm:${NAME}-\\*$`)),
        ],
      });
    }
  });

  it('subscribes each configured address to both topics, and none by default', () => {
    expect(synth()).not.toHaveResource(SnsTopicSubscription);
    const json = parse(synth({ emailAddresses: ['oncall@example.com', 'team@example.com'] }));
    const subscriptions = resourcesOf(json, 'aws_sns_topic_subscription').map(([, s]) => s);
    expect(subscriptions).toHaveLength(4);
    expect(subscriptions.every((s) => s.protocol === 'email')).toBe(true);
    expect(new Set(subscriptions.map((s) => s.endpoint))).toEqual(new Set(['oncall@example.com', 'team@example.com']));
  });

  it('rejects an address that is not an e-mail address, naming it', () => {
    expect(() => synth({ emailAddresses: ['oncall.example.com'] })).toThrow(/emailAddresses.*oncall\.example\.com/);
  });

  it('computes the target 5xx rate by metric math over RequestCount, with arn_suffix dimensions', () => {
    const alarm = alarmsByName(parse(synth())).get(`${NAME}-alb-target-5xx-rate`)!;
    const queries = alarm.metric_query as Query[];
    const signal = queries.find((q) => q.return_data === true)!;
    expect(signal.expression).toMatch(/100 \* FILL\(errors, 0\) \/ requests/);
    const inputs = Object.fromEntries(queries.filter((q) => q.metric).map((q) => [q.id, q.metric]));
    expect(inputs.requests).toMatchObject({
      metric_name: 'RequestCount',
      namespace: 'AWS/ApplicationELB',
      stat: 'Sum',
      dimensions: {
        LoadBalancer: 'app/shortlinks-test/0123456789abcdef',
        TargetGroup: 'targetgroup/shortlinks-test/fedcba9876543210',
      },
    });
    expect(inputs.errors).toMatchObject({ metric_name: 'HTTPCode_Target_5XX_Count' });
    expect(alarm.threshold).toBe(DEFAULT_ALARM_SETTINGS['alb-target-5xx-rate'].threshold);
  });

  it('reads p99 latency as an extended statistic (quiet periods ignored) and edge metrics with their us-east-1 dimensions', () => {
    const synthesized = synth();
    expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      metric_name: 'TargetResponseTime',
      extended_statistic: 'p99',
      evaluate_low_sample_count_percentiles: 'ignore',
    });
    expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'AWS/CloudFront',
      metric_name: '5xxErrorRate',
      dimensions: { DistributionId: 'E1234567890ABC', Region: 'Global' },
      provider: 'aws.us_east_1',
    });
    expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'AWS/WAFV2',
      metric_name: 'BlockedRequests',
      dimensions: { WebACL: `${NAME}-edge`, Rule: 'ALL' },
    });
  });

  it('sums per-operation DynamoDB metrics over the operations the service sends', () => {
    const alarm = alarmsByName(parse(synth())).get(`${NAME}-dynamodb-throttles`)!;
    const queries = alarm.metric_query as Query[];
    expect(queries.find((q) => q.return_data === true)!.expression).toBe('FILL(getitem, 0) + FILL(putitem, 0)');
    expect(queries.filter((q) => q.metric).map((q) => q.metric!.dimensions.Operation)).toEqual(['GetItem', 'PutItem']);
  });

  it('alarms below the minimum task count on Container Insights, or on healthy targets without it', () => {
    const withInsights = alarmsByName(parse(synth())).get(`${NAME}-ecs-running-tasks`)!;
    expect(withInsights).toMatchObject({
      namespace: 'ECS/ContainerInsights',
      metric_name: 'RunningTaskCount',
      comparison_operator: 'LessThanThreshold',
      threshold: 2,
      treat_missing_data: 'breaching',
    });
    const without = parse(synth({ regional: { ...REGIONAL, containerInsights: false } }));
    expect(alarmsByName(without).get(`${NAME}-ecs-running-tasks`)).toMatchObject({
      namespace: 'AWS/ApplicationELB',
      metric_name: 'HealthyHostCount',
    });
  });

  it('applies overrides per alarm and keeps the other defaults', () => {
    const overrides: AlarmOverrides = { 'ecs-cpu-high': { threshold: 70, periodSeconds: 60 } };
    const alarms = alarmsByName(parse(synth({ alarmOverrides: overrides })));
    expect(alarms.get(`${NAME}-ecs-cpu-high`)).toMatchObject({
      threshold: 70,
      period: 60,
      evaluation_periods: DEFAULT_ALARM_SETTINGS['ecs-cpu-high'].evaluationPeriods,
    });
    expect(alarms.get(`${NAME}-ecs-memory-high`)).toMatchObject({
      threshold: DEFAULT_ALARM_SETTINGS['ecs-memory-high'].threshold,
    });
  });

  it('fails synth on overrides CloudWatch would reject, naming alarm and field', () => {
    expect(() => synth({ alarmOverrides: { 'api-4xx-surge': { datapointsToAlarm: 5 } } })).toThrow(
      /api-4xx-surge: datapointsToAlarm \(5\) exceeds evaluationPeriods \(2\)/,
    );
    expect(() => synth({ alarmOverrides: { 'ecs-cpu-high': { periodSeconds: 45 } } })).toThrow(
      /ecs-cpu-high: periodSeconds must be 10, 30 or a multiple of 60, got 45/,
    );
    expect(() => synth({ alarmOverrides: { 'no-such-alarm': {} } as AlarmOverrides })).toThrow(
      /no-such-alarm: not an alarm of the platform/,
    );
  });

  it('derives the release alarm names from the platform name alone, matching the alarms it creates', () => {
    const names = alarmsByName(parse(synth()));
    expect(releaseAlarmNames(NAME)).toEqual([`${NAME}-alb-target-5xx-rate`, `${NAME}-alb-unhealthy-hosts`]);
    for (const name of releaseAlarmNames(NAME)) expect(names.has(name)).toBe(true);
  });

  it('draws a dashboard with every alarm’s signal, each widget in its metrics’ Region', () => {
    const synthesized = synth();
    expect(synthesized).toHaveResourceWithProperties(CloudwatchDashboard, { dashboard_name: NAME });
    const dashboard = resourcesOf(parse(synthesized), 'aws_cloudwatch_dashboard')[0][1];
    const body = JSON.parse(String(dashboard.dashboard_body)) as { widgets: Widget[] };
    const graphs = body.widgets.filter((w) => w.type === 'metric');
    for (const key of ALARM_KEYS) {
      const graph = graphs.find((w) => String(w.properties.title).startsWith(`${key} (`));
      expect({ key, region: graph?.properties.region }).toEqual({
        key,
        region: EDGE_ALARM_KEYS.includes(key) ? 'us-east-1' : 'eu-west-1',
      });
      expect(graph!.properties.annotations.horizontal[0].label).toBe(`${NAME}-${key}`);
    }
    expect(graphs.find((w) => w.properties.title === 'Viewer requests')!.properties.region).toBe('us-east-1');
  });

  it('refuses an edge provider outside us-east-1 when validations run', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'stack');
    build(stack, {}, 'eu-central-1');
    expect(() => Testing.synth(stack, true)).toThrow(/edge alarms and their topic must use a provider in us-east-1/);
  });
});
