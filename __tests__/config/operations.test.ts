import { environmentProblems } from '../../config/validate';
import { dev, prod, withChanges } from '../helpers';

describe('operations config', () => {
  it('accepts the shipped environments: prod mails an address, dev nobody', () => {
    expect(environmentProblems(dev)).not.toContainEqual(expect.stringContaining('operations'));
    expect(environmentProblems(prod)).not.toContainEqual(expect.stringContaining('operations'));
    expect(prod.operations.alarmEmails.length).toBeGreaterThan(0);
    expect(dev.operations.alarmEmails).toEqual([]);
  });

  it.each([
    [
      'an address without a domain',
      { alarmEmails: ['oncall'] },
      'dev: operations.alarmEmails: "oncall" is not an e-mail address',
    ],
    [
      'the same address twice',
      { alarmEmails: ['a@example.org', 'a@example.org'] },
      'dev: operations.alarmEmails: lists an address twice',
    ],
    [
      'more datapoints than evaluation periods',
      { alarmEmails: [], alarmOverrides: { 'ecs-cpu-high': { datapointsToAlarm: 4 } } },
      'dev: operations.alarmOverrides: ecs-cpu-high: datapointsToAlarm (4) exceeds evaluationPeriods (3)',
    ],
    [
      'a negative threshold',
      { alarmEmails: [], alarmOverrides: { 'api-5xx-rate': { threshold: -1 } } },
      'dev: operations.alarmOverrides: api-5xx-rate: threshold must be a number ≥ 0, got -1',
    ],
    [
      'a window longer than CloudWatch allows',
      { alarmEmails: [], alarmOverrides: { 'waf-blocked-surge': { periodSeconds: 3600, evaluationPeriods: 25 } } },
      'dev: operations.alarmOverrides: waf-blocked-surge: periodSeconds × evaluationPeriods is 90000 s; CloudWatch allows at most 86400 s',
    ],
  ])('rejects %s, naming the field and reason', (_why, operations, expected) => {
    const broken = withChanges(dev, (c) => {
      c.operations = operations as typeof c.operations;
    });
    expect(environmentProblems(broken)).toContain(expected);
  });
});
