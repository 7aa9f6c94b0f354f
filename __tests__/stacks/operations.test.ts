import { ALARM_KEYS, EDGE_ALARM_KEYS, RELEASE_ALARM_KEYS } from '../../lib/alarms/settings';
import { US_EAST_1_ALIAS } from '../../stacks/platform-stack';
import { blocksOf, dev, onlyResource, prod, synthPlatform, type Block, withChanges } from '../helpers';

const alarmsOf = (json: ReturnType<typeof synthPlatform>['json']) =>
  new Map(blocksOf(json, 'aws_cloudwatch_metric_alarm').map((alarm) => [String(alarm.alarm_name), alarm]));

describe.each([dev, prod])('operations of the $name platform stack', (environment) => {
  const { json } = synthPlatform(environment);
  const alarms = alarmsOf(json);
  const prefix = `shortlinks-${environment.name}-`;

  it('has the whole alarm set, the edge alarms on the us-east-1 provider', () => {
    expect([...alarms.keys()].sort()).toEqual(ALARM_KEYS.map((key) => `${prefix}${key}`).sort());
    for (const key of ALARM_KEYS) {
      const alarm = alarms.get(`${prefix}${key}`)!;
      expect({ key, provider: alarm.provider }).toEqual({
        key,
        provider: EDGE_ALARM_KEYS.includes(key) ? `aws.${US_EAST_1_ALIAS}` : undefined,
      });
    }
  });

  it('rolls a bad release back on the release alarms, named exactly like the alarms it creates', () => {
    const service = onlyResource(json, 'aws_ecs_service');
    expect(service.alarms).toEqual({
      alarm_names: RELEASE_ALARM_KEYS.map((key) => `${prefix}${key}`),
      enable: true,
      rollback: true,
    });
    for (const name of (service.alarms as { alarm_names: string[] }).alarm_names) expect(alarms.has(name)).toBe(true);
  });

  it('watches the running-task minimum of its own config', () => {
    expect(alarms.get(`${prefix}ecs-running-tasks`)!.threshold).toBe(environment.service.minCapacity);
  });

  it('subscribes the configured addresses to both topics', () => {
    const subscriptions = blocksOf(json, 'aws_sns_topic_subscription') as Block[];
    expect(subscriptions).toHaveLength(2 * environment.operations.alarmEmails.length);
  });
});

it('takes alarm thresholds and e-mail addresses from config', () => {
  const changed = withChanges(dev, (c) => {
    c.operations = {
      alarmEmails: ['oncall@example.org'],
      alarmOverrides: { 'alb-target-p99-latency': { threshold: 0.5 } },
    };
  });
  const { json } = synthPlatform(changed);
  expect(alarmsOf(json).get('shortlinks-dev-alb-target-p99-latency')!.threshold).toBe(0.5);
  expect(blocksOf(json, 'aws_sns_topic_subscription').map((s) => s.endpoint)).toEqual([
    'oncall@example.org',
    'oncall@example.org',
  ]);
});
