import { estimateStack } from '../estimate';
import { usageFor } from '../usage';
import { fargateService, stackOf, type Resources } from './fixtures';

const TEN_MILLION = { requestsPerMonth: 10_000_000, cacheHitRate: 0.8, averageResponseBytes: 1024 };

function trafficCosts(resources: Resources, traffic = TEN_MILLION): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const item of estimateStack(stackOf(resources, traffic)).profiles.traffic.items) {
    sums[item.component] = (sums[item.component] ?? 0) + item.monthlyUsd;
  }
  return sums;
}

describe('the traffic model', () => {
  it('sends the cache misses to the origin and the responses to viewers', () => {
    const usage = usageFor('traffic', TEN_MILLION);
    expect(usage.edgeRequests).toBe(10_000_000);
    expect(usage.originRequests).toBeCloseTo(2_000_000, 6);
    expect(usage.edgeDataOutGb).toBeCloseTo(9.537, 3);
    expect(usage.originDataGb).toBeCloseTo(1.907, 3);
    // 2 million requests over 730 hours.
    expect(usage.originRequestsPerSecond).toBeCloseTo(0.761, 3);
  });

  it('serves no requests idle, whatever the traffic profile', () => {
    expect(usageFor('idle', TEN_MILLION)).toMatchObject({ edgeRequests: 0, originRequests: 0, edgeDataOutGb: 0 });
  });

  it.each([
    [{ ...TEN_MILLION, cacheHitRate: 1.5 }, /cacheHitRate must be between 0 and 1, got 1.5/],
    [{ ...TEN_MILLION, requestsPerMonth: -1 }, /requestsPerMonth must be a number ≥ 0, got -1/],
    [{ ...TEN_MILLION, averageResponseBytes: 0 }, /averageResponseBytes must be a number > 0, got 0/],
  ])('rejects a bad profile naming the field (%o)', (traffic, message) => {
    expect(() => usageFor('traffic', traffic)).toThrow(message);
  });

  it('prices the edge, the API and the table per request', () => {
    const costs = trafficCosts({
      aws_cloudfront_distribution: { cdn: { enabled: true } },
      aws_wafv2_web_acl: { acl: { provider: 'aws.us_east_1', rule: [] } },
      aws_apigatewayv2_api: { api: { protocol_type: 'HTTP' } },
      aws_dynamodb_table: {
        links: { billing_mode: 'PAY_PER_REQUEST', point_in_time_recovery: { enabled: true } },
      },
    });
    expect(costs['CloudFront HTTPS requests']).toBeCloseTo(12, 2);
    expect(costs['CloudFront data out']).toBeCloseTo(0.81, 2);
    expect(costs['WAF requests']).toBeCloseTo(6, 2);
    expect(costs['API Gateway HTTP API requests']).toBeCloseTo(2.22, 2);
    // 1.98 million reads at one unit, 20,000 writes at two units.
    expect(costs['DynamoDB reads']).toBeCloseTo(0.2802, 4);
    expect(costs['DynamoDB writes']).toBeCloseTo(0.0283, 4);
  });

  it('adds tasks for the origin load at the CPU target, within the autoscaling range', () => {
    const service = fargateService({ cpu: 512, memory: 1024, min: 3, max: 12, cpuTarget: 50 });
    const vcpuHours = (requestsPerMonth: number) =>
      estimateStack(stackOf(service, { requestsPerMonth, cacheHitRate: 0, averageResponseBytes: 500 }))
        .profiles.traffic.items.filter((item) => item.component === 'Fargate x86_64 vCPU')
        .reduce((sum, item) => sum + item.quantity, 0);
    // 400 requests/s per vCPU at full CPU, half a vCPU at 50 %: 100 requests/s per task.
    expect(vcpuHours(1_000_000)).toBeCloseTo(3 * 730 * 0.5, 6);
    expect(vcpuHours(1_000_000_000)).toBeCloseTo(4 * 730 * 0.5, 6); // 380 requests/s
    expect(vcpuHours(100_000_000_000)).toBeCloseTo(12 * 730 * 0.5, 6);
  });

  it('logs only blocked and counted requests when WAF logging is filtered to them', () => {
    const waf = (loggingFilter?: object): Resources => ({
      aws_cloudwatch_log_group: { waf: { provider: 'aws.us_east_1', retention_in_days: 30 } },
      aws_wafv2_web_acl_logging_configuration: {
        logging: {
          provider: 'aws.us_east_1',
          log_destination_configs: ['${aws_cloudwatch_log_group.waf.arn}'],
          ...(loggingFilter ? { logging_filter: loggingFilter } : {}),
        },
      },
    });
    const filter = {
      default_behavior: 'DROP',
      filter: [
        {
          behavior: 'KEEP',
          requirement: 'MEETS_ANY',
          condition: [{ action_condition: { action: 'BLOCK' } }, { action_condition: { action: 'COUNT' } }],
        },
      ],
    };
    const all = trafficCosts(waf())['WAF logs: ingestion'];
    const filtered = trafficCosts(waf(filter))['WAF logs: ingestion'];
    // 10 million records of 1.5 KB at 0.50 per GB in us-east-1, then 2 % of them.
    expect(all).toBeCloseTo(6.98, 2);
    expect(filtered).toBeCloseTo(all * 0.02, 6);
  });

  it('bills per-route metrics only for routes with detailed metrics, and only under traffic', () => {
    const api = (detailed: boolean, override?: object): Resources => ({
      aws_apigatewayv2_api: { api: { protocol_type: 'HTTP' } },
      aws_apigatewayv2_route: Object.fromEntries(
        ['GET /{slug}', 'POST /api/links', 'GET /healthz'].map((key, i) => [
          `r${i}`,
          { api_id: '${aws_apigatewayv2_api.api.id}', route_key: key },
        ]),
      ),
      aws_apigatewayv2_stage: {
        stage: {
          api_id: '${aws_apigatewayv2_api.api.id}',
          default_route_settings: { detailed_metrics_enabled: detailed },
          ...(override ? { route_settings: [override] } : {}),
        },
      },
    });
    expect(trafficCosts(api(true))['API per-route metrics']).toBeCloseTo(3 * 6 * 0.3, 6);
    expect(trafficCosts(api(false))['API per-route metrics']).toBeUndefined();
    const one = { route_key: 'GET /{slug}', detailed_metrics_enabled: true };
    expect(trafficCosts(api(false, one))['API per-route metrics']).toBeCloseTo(6 * 0.3, 6);
    const idleItems = estimateStack(stackOf(api(true), TEN_MILLION)).profiles.idle.items;
    expect(idleItems.filter((item) => item.component === 'API per-route metrics')).toEqual([]);
  });
});
