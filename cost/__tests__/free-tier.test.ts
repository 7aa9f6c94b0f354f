import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { estimateDir, estimateStack } from '../estimate';
import { FREE_ALLOWANCES, REGIONAL_PRICES } from '../price-table';
import { renderJson, renderText } from '../report';
import { costCli } from '../cli';
import { captureCli } from '../../__tests__/capture-cli';
import { PROVIDERS, removeTempDirs, type Resources, stackJson, writeOutDir } from './fixtures';
import { StackReader } from '../../lib/terraform-json/stack';

afterAll(removeTempDirs);

const DEV_ACCOUNT = '111111111111';
const PROD_ACCOUNT = '222222222222';

/** A stack whose providers are pinned to `account`, as the platform stacks' are. */
function inAccount(account: string, resources: Resources): Record<string, unknown> {
  return {
    ...stackJson(resources),
    provider: { aws: PROVIDERS.aws.map((config) => ({ ...config, allowed_account_ids: [account] })) },
  };
}

/** `count` standard-resolution alarms on one metric each, in eu-west-1: 0.10 USD each at list price. */
function alarms(count: number, prefix = 'a'): Resources {
  const alarm = { metric_name: 'CPUUtilization', namespace: 'AWS/ECS', period: 60, statistic: 'Average' };
  return {
    aws_cloudwatch_metric_alarm: Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`${prefix}${i}`, { ...alarm, alarm_name: `${prefix}${i}` }]),
    ),
  };
}

function dashboards(count: number, metricsEach = 5): Resources {
  const body = JSON.stringify({
    widgets: [
      {
        type: 'metric',
        properties: {
          region: 'eu-west-1',
          metrics: [
            ...Array.from({ length: metricsEach }, (_, i) => ['AWS/ECS', 'CPUUtilization', 'ServiceName', `s${i}`]),
            [{ expression: 'm1 * 100', label: 'percent' }],
          ],
        },
      },
    ],
  });
  return {
    aws_cloudwatch_dashboard: Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`d${i}`, { dashboard_name: `d${i}`, dashboard_body: body }]),
    ),
  };
}

const byStack = (dir: string, options = {}) =>
  new Map(estimateDir(dir, options).map((estimate) => [estimate.stack, estimate.profiles.idle]));

describe('the always-free allowances in the price table', () => {
  it('record each allowance with its quantity, terms, source and date, covering a price both Regions list', () => {
    for (const allowance of Object.values(FREE_ALLOWANCES)) {
      expect(allowance.quantity).toBeGreaterThan(0);
      expect(allowance.terms.length).toBeGreaterThan(10);
      expect(allowance.source).toMatch(/^https:\/\/aws\.amazon\.com\/cloudwatch\/pricing\//);
      expect(allowance.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(REGIONAL_PRICES['eu-west-1'][allowance.covers]).toBeDefined();
      expect(REGIONAL_PRICES['us-east-1'][allowance.covers]).toBeDefined();
    }
    expect(FREE_ALLOWANCES.cloudwatchDashboards.quantity).toBe(3);
    expect(FREE_ALLOWANCES.cloudwatchAlarmMetrics.quantity).toBe(10);
  });
});

describe('allowances shared by the stacks of one account', () => {
  const dir = writeOutDir({
    dev: inAccount(DEV_ACCOUNT, { ...alarms(8), ...dashboards(2) }),
    prod: inAccount(DEV_ACCOUNT, { ...alarms(8), ...dashboards(2) }),
  });

  it('go once per account, to the stacks in order: the first takes what it uses, the second the rest', () => {
    const idle = byStack(dir);
    // dev: 8 alarm metrics (0.80) and 2 dashboards (6.00), all within the allowances.
    expect(idle.get('dev')!.grossUsd).toBeCloseTo(6.8, 6);
    expect(idle.get('dev')!.totalUsd).toBeCloseTo(0, 6);
    // prod: 2 alarm metrics and 1 dashboard are left: 0.80 - 0.20 + 6.00 - 3.00.
    expect(idle.get('prod')!.grossUsd).toBeCloseTo(6.8, 6);
    expect(idle.get('prod')!.totalUsd).toBeCloseTo(3.6, 6);
    const saved = [...idle.values()].flatMap((p) => p.allowances).reduce((sum, a) => sum + a.monthlyUsd, 0);
    expect(saved).toBeCloseTo(-(10 * 0.1 + 3 * 3), 6);
  });

  it('show as negative lines naming the account and the stacks sharing it, between the subtotal and the total', () => {
    const text = renderText(estimateDir(dir));
    const prod = text.slice(text.indexOf('\nprod ('));
    expect(prod).toMatch(/Subtotal at list prices\s+\$6\.80\s+\$6\.80/);
    expect(prod).toMatch(
      /CloudWatch always-free allowance: 10 alarm metrics \(account 111111111111, shared with dev\)\s+\$0\.1\/alarm metric-month\s+2\s+-\$0\.20/,
    );
    expect(prod).toMatch(
      /CloudWatch always-free allowance: 3 dashboards \(account 111111111111, shared with dev\)\s+\$3\/dashboard-month\s+1\s+-\$3\.00/,
    );
    expect(prod).toMatch(/Total\s+\$3\.60\s+\$3\.60/);
    expect(prod.indexOf('Subtotal')).toBeLessThan(prod.indexOf('always-free'));
    expect(prod.indexOf('always-free')).toBeLessThan(prod.indexOf('Total'));
  });

  it('write gross, allowances and net to the JSON, with the allowances used and their source', () => {
    const json = JSON.parse(renderJson(estimateDir(dir)));
    expect(json.freeTier).toBe(true);
    expect(json.stacks.prod.profiles.idle).toMatchObject({ grossUsd: 6.8, totalUsd: 3.6 });
    expect(json.stacks.prod.profiles.idle.allowances).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ allowance: 'cloudwatchAlarmMetrics', account: DEV_ACCOUNT, quantity: 2 }),
      ]),
    );
    expect(json.freeAllowances.cloudwatchDashboards).toMatchObject({ quantity: 3, date: expect.any(String) });
  });
});

describe('allowances of separate accounts', () => {
  it('give each account its own', () => {
    const dir = writeOutDir({
      dev: inAccount(DEV_ACCOUNT, { ...alarms(8), ...dashboards(2) }),
      prod: inAccount(PROD_ACCOUNT, { ...alarms(8), ...dashboards(2) }),
    });
    const idle = byStack(dir);
    for (const stack of ['dev', 'prod']) {
      expect(idle.get(stack)!.grossUsd).toBeCloseTo(6.8, 6);
      expect(idle.get(stack)!.totalUsd).toBeCloseTo(0, 6);
      for (const line of idle.get(stack)!.allowances) expect(line.sharedWith).toEqual([]);
    }
  });

  it('stop at the allowance within one account: 12 alarm metrics pay for 2', () => {
    const estimate = estimateStack(new StackReader('dev', 'dev/cdk.tf.json', inAccount(DEV_ACCOUNT, alarms(12))));
    expect(estimate.profiles.idle.totalUsd).toBeCloseTo(0.2, 6);
  });
});

describe('what the allowances do not cover', () => {
  it('a stack whose providers name no account gets none', () => {
    const dir = writeOutDir({ dev: stackJson({ ...alarms(3), ...dashboards(1) }) });
    const idle = byStack(dir).get('dev')!;
    expect(idle.allowances).toEqual([]);
    expect(idle.totalUsd).toBeCloseTo(3.3, 6);
  });

  it('a dashboard of more than 50 metrics pays, while one of 50 is free', () => {
    const dir = writeOutDir({
      big: inAccount(DEV_ACCOUNT, dashboards(1, 51)),
      small: inAccount(PROD_ACCOUNT, dashboards(1, 50)),
    });
    const idle = byStack(dir);
    expect(idle.get('big')!.totalUsd).toBeCloseTo(3, 6);
    expect(idle.get('big')!.items[0].outsideFreeTier).toMatch(/51 metrics, more than the 50/);
    expect(idle.get('small')!.totalUsd).toBeCloseTo(0, 6);
  });

  it('high-resolution alarms pay in full', () => {
    const highRes = { aws_cloudwatch_metric_alarm: { fast: { metric_name: 'x', namespace: 'y', period: 10 } } };
    const estimate = estimateStack(new StackReader('dev', 'dev/cdk.tf.json', inAccount(DEV_ACCOUNT, highRes)));
    expect(estimate.profiles.idle.totalUsd).toBeCloseTo(0.3, 6);
  });
});

describe('--no-free-tier', () => {
  const dir = writeOutDir({
    dev: inAccount(DEV_ACCOUNT, { ...alarms(8), ...dashboards(2) }),
    prod: inAccount(DEV_ACCOUNT, { ...alarms(8), ...dashboards(2) }),
  });

  it('prices at list prices, without allowance lines', () => {
    for (const estimate of byStack(dir, { freeTier: false }).values()) {
      expect(estimate.allowances).toEqual([]);
      expect(estimate.totalUsd).toBeCloseTo(6.8, 6);
    }
  });

  it('is an option of npm run cost, and the JSON says so', () => {
    const out = join(dir, 'gross.json');
    const run = captureCli(costCli, [dir, '--no-free-tier', '--json', out]);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('always-free allowance:');
    expect(run.stdout).toContain('no free tier (--no-free-tier)');
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.freeTier).toBe(false);
    expect(json.stacks.prod.profiles.idle.totalUsd).toBeCloseTo(6.8, 2);
  });
});
