import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { CLOUDFRONT_REGION } from '../../lib/cloudfront';
import { addUsEast1Validation, checkIntegerRange, invalidProp } from '../shared/validations';
import {
  type AlarmKey,
  type AlarmOverrides,
  type AlarmSettings,
  alarmName,
  alarmOverridesProblems,
  DEFAULT_ALARM_SETTINGS,
} from '../../lib/alarms/settings';
import { AlarmTopic } from './alarm-topic';
import { alarmGraph, dashboardBody, type Graph, platformDashboardRows } from './dashboard';
import {
  type AlarmDefinition,
  type AlarmSignal,
  edgeAlarmDefinitions,
  type EdgeTargets,
  type RegionalTargets,
  regionalAlarmDefinitions,
} from '../../lib/alarms/definitions';

export * from '../../lib/alarms/settings';
export { AlarmTopic, type AlarmTopicProps } from './alarm-topic';
export type { AlarmDefinition, EdgeTargets, MetricRef, RegionalTargets } from '../../lib/alarms/definitions';

const PERCENTILE = /^p\d/;

export interface ObservabilityProps {
  /** Prefix of every alarm, topic and dashboard name, e.g. `shortlinks-prod`. */
  readonly name: string;
  /** The account: key administrator, and the only source of alarms the topics accept. */
  readonly accountId: string;
  /** The home Region: the Region of `provider`, where the regional alarms, their topic and the dashboard live. */
  readonly region: string;
  /** Load balancer, service, table and API the regional alarms watch. */
  readonly regional: RegionalTargets;
  /** Distribution and web ACL the edge alarms watch. */
  readonly edge: EdgeTargets;
  /**
   * A provider in us-east-1, where CloudFront and CLOUDFRONT-scope WAF publish their metrics: the edge alarms and
   * their own topic live there, since an alarm can only notify a topic in its own Region.
   */
  readonly edgeProvider: AwsProvider;
  /**
   * Addresses subscribed to both alarm topics by e-mail (each confirms once).
   * @default [] (alarms still change state, drive the ECS rollback and show on the dashboard; nobody is mailed)
   */
  readonly emailAddresses?: readonly string[];
  /**
   * Per-alarm threshold and window changes, checked at synth.
   * @default {} (every alarm keeps `DEFAULT_ALARM_SETTINGS`)
   */
  readonly alarmOverrides?: AlarmOverrides;
  /**
   * Seconds per datapoint on the dashboard graphs.
   * @default 60, the finest period every graphed metric has without detailed-monitoring charges
   */
  readonly dashboardPeriodSeconds?: number;
  /**
   * Provider of the regional topic, alarms and dashboard.
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Operations for one platform: an encrypted alarm topic per Region that has alarms (the home Region and
 * us-east-1), the alarm set over every tier with thresholds from `DEFAULT_ALARM_SETTINGS` unless overridden, and
 * one dashboard with every tier's golden signals, each graph in its metrics' Region.
 */
export class Observability extends Construct {
  /** Topic of the regional alarms (load balancer, tasks, table, API). */
  readonly topic: AlarmTopic;
  /** Topic of the edge alarms, in us-east-1. */
  readonly edgeTopic: AlarmTopic;
  /** Every alarm of the set, by key. */
  readonly alarms: Readonly<Record<AlarmKey, CloudwatchMetricAlarm>>;
  /** The settings each alarm was created with (defaults merged with overrides). */
  readonly settings: Readonly<Record<AlarmKey, AlarmSettings>>;
  /** The environment's dashboard, named like the platform. */
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const overrides = props.alarmOverrides ?? {};
    const problems = alarmOverridesProblems(overrides);
    if (problems.length > 0) invalidProp(this, 'alarmOverrides', problems.join('; '));
    checkIntegerRange(this, 'dashboardPeriodSeconds', props.dashboardPeriodSeconds ?? 60, 60, 86_400);
    const edgeProvider = props.edgeProvider;
    addUsEast1Validation(this, 'The edge alarms and their topic', () => edgeProvider.region);
    const edgeRegion = edgeProvider.region ?? CLOUDFRONT_REGION;

    const topic = (topicId: string, suffix: string, region: string, provider?: TerraformProvider) =>
      new AlarmTopic(this, topicId, {
        name: `${props.name}-${suffix}`,
        accountId: props.accountId,
        region,
        alarmNamePrefix: `${props.name}-`,
        emailAddresses: props.emailAddresses,
        provider,
      });
    this.topic = topic('topic', 'alarms', props.region, props.provider);
    this.edgeTopic = topic('edge-topic', 'edge-alarms', edgeRegion, edgeProvider);

    const regional = regionalAlarmDefinitions(props.regional);
    const edge = edgeAlarmDefinitions(props.edge);
    const settings = {} as Record<AlarmKey, AlarmSettings>;
    const alarms = {} as Record<AlarmKey, CloudwatchMetricAlarm>;
    const place = (definitions: AlarmDefinition[], topicArn: string, provider?: TerraformProvider) => {
      for (const definition of definitions) {
        const resolved = resolveSettings(definition.key, overrides, props.regional.minimumTasks);
        settings[definition.key] = resolved;
        alarms[definition.key] = new CloudwatchMetricAlarm(this, definition.key, {
          alarmName: alarmName(props.name, definition.key),
          alarmDescription: definition.description,
          comparisonOperator: definition.comparison,
          threshold: resolved.threshold,
          evaluationPeriods: resolved.evaluationPeriods,
          datapointsToAlarm: resolved.datapointsToAlarm,
          treatMissingData: definition.treatMissingData,
          alarmActions: [topicArn],
          okActions: [topicArn],
          ...alarmMetric(definition.signal, resolved.periodSeconds),
          provider,
        });
      }
    };
    place(regional, this.topic.topicArn, props.provider);
    place(edge, this.edgeTopic.topicArn, edgeProvider);
    this.alarms = alarms;
    this.settings = settings;

    const graphsOf = (definitions: AlarmDefinition[], region: string) =>
      definitions.map((definition) => [
        definition.key,
        alarmGraph(definition, region, {
          name: alarmName(props.name, definition.key),
          threshold: settings[definition.key].threshold,
        }),
      ]) as [AlarmKey, Graph][];
    const rows = platformDashboardRows({
      alarmGraphs: new Map([...graphsOf(regional, props.region), ...graphsOf(edge, edgeRegion)]),
      regional: props.regional,
      edge: props.edge,
      homeRegion: props.region,
      edgeRegion,
    });
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: props.name,
      dashboardBody: dashboardBody(rows, props.dashboardPeriodSeconds ?? 60),
      provider: props.provider,
    });
  }

  /** Every alarm's name, regional and edge. */
  get alarmNames(): string[] {
    return Object.values(this.alarms).map((alarm) => alarm.alarmName);
  }
}

/** Defaults merged with overrides; the running-tasks threshold defaults to the service's minimum. */
function resolveSettings(key: AlarmKey, overrides: AlarmOverrides, minimumTasks: number): AlarmSettings {
  const merged = { ...DEFAULT_ALARM_SETTINGS[key], ...overrides[key] };
  return { ...merged, threshold: merged.threshold ?? minimumTasks };
}

/** The alarm's metric fields: one metric (a percentile goes in `extended_statistic`), or a math expression. */
function alarmMetric(signal: AlarmSignal, periodSeconds: number) {
  if ('metric' in signal) {
    const { namespace, metricName, dimensions, stat } = signal.metric;
    return {
      namespace,
      metricName,
      dimensions: { ...dimensions },
      period: periodSeconds,
      // A p99 of a handful of requests is one slow request: such periods keep the alarm's state.
      ...(PERCENTILE.test(stat)
        ? { extendedStatistic: stat, evaluateLowSampleCountPercentiles: 'ignore' }
        : { statistic: stat }),
    };
  }
  return {
    metricQuery: [
      { id: 'signal', expression: signal.expression, label: signal.label, returnData: true },
      ...Object.entries(signal.inputs).map(([id, input]) => ({
        id,
        returnData: false,
        metric: {
          namespace: input.namespace,
          metricName: input.metricName,
          dimensions: { ...input.dimensions },
          stat: input.stat,
          period: periodSeconds,
        },
      })),
    ],
  };
}
