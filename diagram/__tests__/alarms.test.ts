import { architectureDocument } from '../architecture/document';
import { buildModel } from '../build-model';
import { toDot } from '../dot';
import { platformFacts } from '../facts';
import { editedStack, fixtureStacks } from './fixture-stacks';

const US_EAST_1 = 'aws.us_east_1';
const HOME_TOPIC = '${aws_sns_topic.observability_topic.arn}';
const EDGE_TOPIC = '${aws_sns_topic.observability_edge-topic.arn}';

/** The prod fixture with two alarm topics (one in us-east-1), three alarms and a service that rolls back. */
const withAlarms = (name = 'prod', latencyMetric = 'TargetResponseTime') =>
  editedStack(name, (json) => {
    const meta = (path: string) => ({ '//': { metadata: { path: `${name}/observability/${path}` } } });
    json.resource.aws_kms_key = {
      observability_topic_key: { ...meta('topic/key'), enable_key_rotation: true },
      'observability_edge-topic_key': { ...meta('edge-topic/key'), enable_key_rotation: true, provider: US_EAST_1 },
    };
    json.resource.aws_sns_topic = {
      observability_topic: {
        ...meta('topic/topic'),
        name: 'shortlinks-prod-alarms',
        kms_master_key_id: '${aws_kms_key.observability_topic_key.arn}',
      },
      'observability_edge-topic': {
        ...meta('edge-topic/topic'),
        name: 'shortlinks-prod-edge-alarms',
        kms_master_key_id: '${aws_kms_key.observability_edge-topic_key.arn}',
        provider: US_EAST_1,
      },
    };
    json.resource.aws_sns_topic_subscription = {
      observability_topic_email: {
        ...meta('topic/email'),
        topic_arn: HOME_TOPIC,
        protocol: 'email',
        endpoint: 'oncall@example.com',
      },
    };
    json.resource.aws_cloudwatch_metric_alarm = {
      'observability_alb-target-5xx-rate': {
        ...meta('alb-target-5xx-rate'),
        alarm_name: 'shortlinks-prod-alb-target-5xx-rate',
        comparison_operator: 'GreaterThanThreshold',
        threshold: 5,
        evaluation_periods: 3,
        datapoints_to_alarm: 3,
        alarm_actions: [HOME_TOPIC],
        metric_query: [
          {
            id: 'signal',
            expression: '100 * errors / requests',
            label: 'Target 5xx (% of requests)',
            return_data: true,
          },
          { id: 'errors', metric: { metric_name: 'HTTPCode_Target_5XX_Count', period: 60, stat: 'Sum' } },
        ],
      },
      'observability_alb-target-p99-latency': {
        ...meta('alb-target-p99-latency'),
        alarm_name: 'shortlinks-prod-alb-target-p99-latency',
        comparison_operator: 'GreaterThanThreshold',
        threshold: 2,
        evaluation_periods: 5,
        datapoints_to_alarm: 4,
        metric_name: latencyMetric,
        extended_statistic: 'p99',
        period: 60,
        alarm_actions: [HOME_TOPIC],
      },
      'observability_waf-blocked-surge': {
        ...meta('waf-blocked-surge'),
        alarm_name: 'shortlinks-prod-waf-blocked-surge',
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        threshold: 500,
        evaluation_periods: 2,
        metric_name: 'BlockedRequests',
        statistic: 'Sum',
        period: 300,
        alarm_actions: [EDGE_TOPIC],
        provider: US_EAST_1,
      },
    };
    const service = Object.values(json.resource.aws_ecs_service)[0];
    service.alarms = {
      alarm_names: ['shortlinks-prod-alb-target-5xx-rate'],
      enable: true,
      rollback: true,
    };
  });

describe('alarms and alarm topics', () => {
  it('draws one alarms box per Region, each notifying the topic of its Region', () => {
    const model = buildModel(withAlarms());
    const alarms = model.nodes.filter((n) => n.kind === 'alarms');
    const topics = model.nodes.filter((n) => n.kind === 'alarmTopic');
    expect(alarms.map((n) => [n.area.kind, n.details])).toEqual(
      expect.arrayContaining([
        ['region', ['2 alarms']],
        ['edge', ['1 alarm']],
      ]),
    );
    expect(topics.map((n) => [n.area.kind, n.details])).toEqual(
      expect.arrayContaining([
        ['region', ['shortlinks-prod-alarms', 'KMS-encrypted', '1 subscription']],
        ['edge', ['shortlinks-prod-edge-alarms', 'KMS-encrypted']],
      ]),
    );
    const notify = model.edges.filter((e) => e.label === 'notify').map((e) => `${e.from} -> ${e.to}`);
    const id = (kind: string, area: string) => model.nodes.find((n) => n.kind === kind && n.area.kind === area)!.id;
    expect(notify.sort()).toEqual(
      [
        `${id('alarms', 'region')} -> ${id('alarmTopic', 'region')}`,
        `${id('alarms', 'edge')} -> ${id('alarmTopic', 'edge')}`,
      ].sort(),
    );
  });

  it('draws both notify arrows (edge box and Region), and keeps the edge alarms beside Route 53', () => {
    const model = buildModel(withAlarms());
    const id = (kind: string, area: string) => model.nodes.find((n) => n.kind === kind && n.area.kind === area)!.id;
    const { layout, overlay } = toDot(model);
    for (const area of ['edge', 'region']) {
      expect(overlay.some((line) => line.startsWith(`${id('alarms', area)} -> ${id('alarmTopic', area)} `))).toBe(true);
    }
    expect(layout).toContain(`{ rank=same; dns; ${id('alarms', 'edge')}; ${id('alarmTopic', 'edge')}; }`);
  });

  it('reads every alarm, its threshold and window, the topics and the rollback alarms', () => {
    const facts = platformFacts(withAlarms(), fixtureStacks());
    expect(facts.alarms).toEqual([
      {
        key: 'alb-target-5xx-rate',
        region: 'eu-west-1',
        watches: 'Target 5xx (% of requests)',
        condition: '> 5',
        window: '3 of 3 × 1 min',
      },
      {
        key: 'alb-target-p99-latency',
        region: 'eu-west-1',
        watches: 'TargetResponseTime (p99)',
        condition: '> 2',
        window: '4 of 5 × 1 min',
      },
      {
        key: 'waf-blocked-surge',
        region: 'us-east-1',
        watches: 'BlockedRequests (Sum)',
        condition: '≥ 500',
        window: '2 of 2 × 5 min',
      },
    ]);
    expect(facts.alarmTopics).toEqual([
      { name: 'shortlinks-prod-alarms', region: 'eu-west-1', encrypted: true, emailSubscriptions: 1 },
      { name: 'shortlinks-prod-edge-alarms', region: 'us-east-1', encrypted: true, emailSubscriptions: 0 },
    ]);
    expect(facts.rollbackAlarms).toEqual(['alb-target-5xx-rate']);
  });

  it('lists each alarm with its threshold in docs/architecture.md, the edge ones with their Region', () => {
    const stack = withAlarms();
    const document = architectureDocument([buildModel(stack)], [platformFacts(stack, fixtureStacks())]);
    expect(document).toMatch(/## Amazon CloudWatch alarms and Amazon SNS/);
    expect(document).toMatch(/\| `alb-target-5xx-rate`: Target 5xx \(% of requests\) +\| > 5, 3 of 3 × 1 min +\|/);
    expect(document).toMatch(
      /\| `waf-blocked-surge`: BlockedRequests \(Sum\) +\| ≥ 500, 2 of 2 × 5 min \(us-east-1\) +\|/,
    );
    expect(document).toMatch(/\| Deployment rolls back on +\| alb-target-5xx-rate +\|/);
  });

  it('names the watched metric per environment where environments watch different ones', () => {
    const stacks = [withAlarms('dev', 'TargetConnectionErrorCount'), withAlarms('prod')];
    const document = architectureDocument(
      stacks.map(buildModel),
      stacks.map((stack) => platformFacts(stack, fixtureStacks())),
    );
    expect(document).toMatch(
      /\| `alb-target-p99-latency` +\| TargetConnectionErrorCount \(p99\): > 2, 4 of 5 × 1 min +\| TargetResponseTime \(p99\): > 2, 4 of 5 × 1 min +\|/,
    );
    expect(document).toMatch(
      /\| `alb-target-5xx-rate`: Target 5xx \(% of requests\) +\| > 5, 3 of 3 × 1 min +\| > 5, 3 of 3 × 1 min +\|/,
    );
  });
});
