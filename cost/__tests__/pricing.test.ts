import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dev, prod } from '../../config/environments';
import { loadStackJsons } from '../../lib/terraform-json/load';
import { estimateDir, estimateStack, type StackEstimate } from '../estimate';
import { FREE_RESOURCE_TYPES } from '../free-types';
import { GLOBAL_PRICES, PRICED_REGIONS, REGIONAL_PRICES } from '../price-table';
import { PRICERS } from '../pricing';
import { fargateService, removeTempDirs, stackOf, type Resources } from './fixtures';
import { synthesizeApp } from '../../__tests__/synthesize-app';

afterAll(removeTempDirs);

/** Monthly USD of the idle profile per component, summed over resources. */
function idleByComponent(estimate: StackEstimate): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const item of estimate.profiles.idle.items) sums[item.component] = (sums[item.component] ?? 0) + item.monthlyUsd;
  return sums;
}

const idle = (resources: Resources) => idleByComponent(estimateStack(stackOf(resources)));

describe('the price table', () => {
  it.each(PRICED_REGIONS)('%s lists every regional price with a unit, a source page and a date', (region) => {
    const keys = Object.keys(REGIONAL_PRICES['eu-west-1']).sort();
    expect(Object.keys(REGIONAL_PRICES[region]).sort()).toEqual(keys);
    for (const price of Object.values(REGIONAL_PRICES[region])) {
      expect(price.usd).toBeGreaterThan(0);
      expect(price.unit).not.toBe('');
      expect(price.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(price.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('gives global prices the same unit, source and date', () => {
    for (const price of Object.values(GLOBAL_PRICES)) {
      expect(price.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(price.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('declares no type both priced and free', () => {
    expect(Object.keys(PRICERS).filter((type) => type in FREE_RESOURCE_TYPES)).toEqual([]);
    for (const reason of Object.values(FREE_RESOURCE_TYPES)) expect(reason.length).toBeGreaterThan(10);
  });
});

describe('every resource type the synthesized stacks use', () => {
  const outdir = join(tmpdir(), `cost-app-${process.pid}`);
  beforeAll(() => synthesizeApp(outdir), 130_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('keeps each environment, dashboard included, within its budget when idle, and prices its configured traffic', () => {
    const byStack = new Map(estimateDir(outdir).map((estimate) => [estimate.stack, estimate]));
    for (const stack of ['dev', 'prod']) {
      const dashboards = byStack.get(stack)!.profiles.idle.items.filter((i) => i.component === 'CloudWatch dashboard');
      expect(dashboards).toHaveLength(1);
    }
    // Net of the account's always-free CloudWatch allowances, which dev and prod share (one account in config).
    expect(byStack.get('dev')!.profiles.idle.totalUsd).toBeLessThanOrEqual(60);
    expect(byStack.get('prod')!.profiles.idle.totalUsd).toBeLessThanOrEqual(170);
    expect(byStack.get('dev')!.profiles.idle.allowances.length).toBeGreaterThan(0);
    expect(byStack.get('dev')!.profiles.traffic.traffic).toEqual(dev.traffic);
    expect(byStack.get('prod')!.profiles.traffic.traffic).toEqual(prod.traffic);
  });

  it('is priced or declared free, and the stacks price without error', () => {
    const types = new Set(
      loadStackJsons(outdir).flatMap((stack) => Object.keys((stack.json.resource ?? {}) as object)),
    );
    expect(types.size).toBeGreaterThan(30);
    const unmapped = [...types].filter((type) => !(type in PRICERS) && !(type in FREE_RESOURCE_TYPES));
    expect(unmapped).toEqual([]);
    const estimates = estimateDir(outdir);
    expect(estimates.map((estimate) => estimate.stack).sort()).toEqual(
      expect.arrayContaining(['dev', 'prod', 'state']),
    );
    for (const estimate of estimates.filter((e) => e.stack !== 'state')) {
      expect(estimate.profiles.idle.totalUsd).toBeGreaterThan(20);
      expect(estimate.profiles.traffic.totalUsd).toBeGreaterThanOrEqual(estimate.profiles.idle.totalUsd);
    }
  });
});

describe('prices per resource type (eu-west-1, 730 hours)', () => {
  it('NAT gateway hours and its Elastic IP as a public IPv4 address', () => {
    const costs = idle({
      aws_eip: { nat: { domain: 'vpc' } },
      aws_nat_gateway: { nat: { allocation_id: '${aws_eip.nat.id}', subnet_id: 's' } },
    });
    expect(costs['NAT gateway']).toBeCloseTo(35.04, 2);
    expect(costs['Public IPv4 address']).toBeCloseTo(3.65, 2);
  });

  it('interface endpoints per AZ-hour, gateway endpoints free', () => {
    const costs = idle({
      aws_vpc_endpoint: {
        logs: {
          vpc_endpoint_type: 'Interface',
          service_name: 'com.amazonaws.eu-west-1.logs',
          subnet_ids: ['a', 'b', 'c'],
        },
        s3: { vpc_endpoint_type: 'Gateway', service_name: 'com.amazonaws.eu-west-1.s3' },
      },
    });
    expect(costs).toEqual({ 'Interface endpoint logs': expect.closeTo(24.09, 2) });
  });

  it('an internal ALB by the hour; an internet-facing one adds an IPv4 address per subnet', () => {
    expect(idle({ aws_lb: { alb: { internal: true, subnets: ['a', 'b'] } } })).toEqual({
      'Application load balancer': expect.closeTo(18.4, 2),
    });
    const publicAlb = idle({ aws_lb: { alb: { internal: false, subnets: ['a', 'b'] } } });
    expect(publicAlb['Public IPv4 address (load balancer)']).toBeCloseTo(7.3, 2);
  });

  it('Fargate by vCPU and GB hour at the autoscaling minimum, x86 and ARM64', () => {
    const x86 = idle(fargateService({ cpu: 512, memory: 1024, min: 3, max: 12 }));
    expect(x86['Fargate x86_64 vCPU'] + x86['Fargate x86_64 memory']).toBeCloseTo(54.06, 2);
    const arm = idle(fargateService({ cpu: 512, memory: 1024, architecture: 'ARM64', min: 3, max: 12 }));
    expect(arm['Fargate ARM64 vCPU'] + arm['Fargate ARM64 memory']).toBeCloseTo(43.25, 2);
  });

  it('Fargate Spot at the Spot rate when the capacity provider strategy says so', () => {
    const spot = idle(fargateService({ cpu: 256, memory: 512, architecture: 'ARM64', min: 1, max: 2, spot: true }));
    expect(spot['Fargate ARM64 Spot vCPU'] + spot['Fargate ARM64 Spot memory']).toBeCloseTo(2.26, 2);
    expect(spot['Fargate ARM64 vCPU']).toBeUndefined();
  });

  it('Container Insights metrics when enabled (cluster, service, task family), none when disabled', () => {
    expect(idle(fargateService({ cpu: 256, memory: 512, min: 1, max: 2 }))['Container Insights metrics']).toBeCloseTo(
      11.1,
      2,
    );
    const off = idle(fargateService({ cpu: 256, memory: 512, min: 1, max: 2, insights: 'disabled' }));
    expect(off['Container Insights metrics']).toBeUndefined();
    expect(off['Container Insights performance logs']).toBeUndefined();
  });

  it('the two alarms AWS creates for each target-tracking policy', () => {
    const costs = idle(fargateService({ cpu: 256, memory: 512, min: 1, max: 2 }));
    expect(costs['CloudWatch alarms of target tracking (AWS-created)']).toBeCloseTo(0.2, 2);
  });

  it('alarms per metric (expressions free), dashboards, KMS keys', () => {
    const costs = idle({
      aws_cloudwatch_metric_alarm: {
        simple: { metric_name: 'CPUUtilization', period: 60 },
        math: {
          metric_query: [
            { id: 'a', metric: { metric_name: 'HTTPCode_Target_5XX_Count', period: 60 } },
            { id: 'b', metric: { metric_name: 'RequestCount', period: 60 } },
            { id: 'rate', expression: 'a / b', return_data: true },
          ],
        },
      },
      aws_cloudwatch_dashboard: { main: { dashboard_name: 'd' } },
      aws_kms_key: { alarms: {} },
    });
    expect(costs['CloudWatch alarm']).toBeCloseTo(0.3, 2);
    expect(costs['CloudWatch dashboard']).toBe(3);
    expect(costs['KMS customer managed key']).toBe(1);
  });

  it('WAF per web ACL and rule, at the global price, on the us-east-1 provider', () => {
    const estimate = estimateStack(
      stackOf({
        aws_wafv2_web_acl: {
          acl: { provider: 'aws.us_east_1', scope: 'CLOUDFRONT', rule: [1, 2, 3, 4, 5].map((p) => ({ priority: p })) },
        },
      }),
    );
    expect(idleByComponent(estimate)).toEqual({ 'WAF web ACL': 5, 'WAF rules': 5 });
  });

  it("log ingestion at the price of the log group provider's Region", () => {
    const resources: Resources = {
      aws_wafv2_web_acl: { acl: { provider: 'aws.us_east_1', rule: [] } },
      aws_cloudwatch_log_group: { waf: { provider: 'aws.us_east_1', name: 'aws-waf-logs-x', retention_in_days: 30 } },
      aws_wafv2_web_acl_logging_configuration: {
        logging: {
          provider: 'aws.us_east_1',
          resource_arn: '${aws_wafv2_web_acl.acl.arn}',
          log_destination_configs: ['${aws_cloudwatch_log_group.waf.arn}'],
        },
      },
    };
    const estimate = estimateStack(
      stackOf(resources, { requestsPerMonth: 1_000_000, cacheHitRate: 0.5, averageResponseBytes: 500 }),
    );
    const ingestion = estimate.profiles.traffic.items.find((item) => item.component === 'WAF logs: ingestion');
    expect(ingestion).toMatchObject({ region: 'us-east-1', unitPriceUsd: 0.5 });
  });
});
