import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { estimateDir, estimateStack, UnpricedResourceError } from '../estimate';
import { renderJson, renderText } from '../report';
import { costCli } from '../cli';
import { captureCli } from '../../__tests__/capture-cli';
import { removeTempDirs, stackJson, stackOf, writeOutDir } from './fixtures';

afterAll(removeTempDirs);

const ROOT = join(__dirname, '..', '..');
const NAT = {
  aws_eip: { nat: { domain: 'vpc' } },
  aws_nat_gateway: { nat: { allocation_id: '${aws_eip.nat.id}' } },
  aws_vpc: { main: { cidr_block: '10.0.0.0/16' } },
};
const TRAFFIC = { requestsPerMonth: 1_000_000, cacheHitRate: 0.9, averageResponseBytes: 600 };

describe('a resource type with neither a price nor a free declaration', () => {
  it('fails the estimate, naming the type and a resource of it', () => {
    const stack = stackOf({ ...NAT, aws_opensearch_domain: { search: { domain_name: 's' } } });
    expect(() => estimateStack(stack)).toThrow(UnpricedResourceError);
    expect(() => estimateStack(stack)).toThrow(/aws_opensearch_domain \(e\.g\. test: aws_opensearch_domain\.search\)/);
  });

  it('fails the run with every unpriced type of every stack at once', () => {
    const dir = writeOutDir({
      dev: stackJson({ ...NAT, aws_sqs_queue: { jobs: {} } }),
      prod: stackJson({ ...NAT, aws_rds_cluster: { db: {} } }),
    });
    expect(() => estimateDir(dir)).toThrow(/aws_sqs_queue .*aws_rds_cluster|aws_rds_cluster .*aws_sqs_queue/);
  });

  it('fails the command with exit code 1 and the type on stderr (run as npm runs it)', () => {
    const dir = writeOutDir({ dev: stackJson({ aws_sqs_queue: { jobs: {} } }) });
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'cost/cli.ts', dir], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('aws_sqs_queue (e.g. dev: aws_sqs_queue.jobs)');
  });

  it('does not count data sources, which bill nothing', () => {
    const stack = stackOf(NAT);
    const withData = { ...stackJson(NAT), data: { aws_iam_policy_document: { trust: {} } } };
    const dir = writeOutDir({ dev: withData });
    expect(estimateDir(dir)[0].profiles.idle.totalUsd).toBeCloseTo(estimateStack(stack).profiles.idle.totalUsd, 6);
  });
});

describe('the report', () => {
  const dir = writeOutDir({ dev: stackJson(NAT, TRAFFIC), state: stackJson({}) });

  it('writes the idle total at stacks.<name>.profiles.idle.totalUsd and the traffic profile beside it', () => {
    const json = JSON.parse(renderJson(estimateDir(dir)));
    expect(json.stacks.dev.profiles.idle.totalUsd).toBeCloseTo(38.69, 2);
    expect(json.stacks.dev.profiles.traffic).toMatchObject({ traffic: TRAFFIC, totalUsd: expect.any(Number) });
    expect(json.stacks.state.profiles.idle.totalUsd).toBe(0);
    expect(json.prices['eu-west-1'].natGatewayHour).toMatchObject({ usd: 0.048, unit: 'hour' });
  });

  it('prints a table per stack: component, unit price, quantity and USD for both profiles, and totals', () => {
    const text = renderText(estimateDir(dir));
    expect(text).toMatch(/^dev \(/m);
    expect(text).toContain('traffic profile: 1,000,000 requests/month, 90% cache hits, 600 B average response');
    expect(text).toMatch(/NAT gateway\s+\$0\.048\/hour\s+730\s+\$35\.04\s+730\s+\$35\.04/);
    expect(text).toMatch(/Public IPv4 address\s+\$0\.005\/hour\s+730\s+\$3\.65/);
    expect(text).toMatch(/Total\s+\$38\.69\s+\$38\.69/);
    expect(text).toMatch(/^state \(/m);
  });

  it('writes --json beside the printed report', () => {
    const out = join(dir, 'cost.json');
    const run = captureCli(costCli, [dir, '--json', out]);
    expect(run.stderr).toContain(`Estimate written to ${out}`);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('NAT gateway');
    expect(JSON.parse(readFileSync(out, 'utf8')).stacks.dev.profiles.idle.totalUsd).toBeCloseTo(38.69, 2);
  });
});

describe('a stack with a plan', () => {
  function planDir(resources: { type: string; name: string; index?: number }[]): string {
    const dir = writeOutDir({});
    mkdirSync(join(dir, 'plan', 'dev'), { recursive: true });
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: resources.map(({ type, name, index }) => ({
            address: `${type}.${name}${index === undefined ? '' : `[${index}]`}`,
            mode: 'managed',
            type,
            name,
            ...(index === undefined ? {} : { index }),
            values: {},
          })),
        },
      },
    };
    writeFileSync(join(dir, 'plan', 'dev', 'plan.json'), JSON.stringify(plan));
    return join(dir, 'plan');
  }

  it('is priced from the planned instances (count expanded), configured as synthesized', () => {
    const dir = writeOutDir({ dev: stackJson(NAT) });
    const plans = planDir([
      { type: 'aws_eip', name: 'nat' },
      { type: 'aws_nat_gateway', name: 'nat', index: 0 },
      { type: 'aws_nat_gateway', name: 'nat', index: 1 },
    ]);
    const [estimate] = estimateDir(dir, { planDir: plans });
    expect(estimate.planFile).toBe(join(plans, 'dev', 'plan.json'));
    const nat = estimate.profiles.idle.items.filter((item) => item.component === 'NAT gateway');
    expect(nat.map((item) => item.address)).toEqual(['aws_nat_gateway.nat[0]', 'aws_nat_gateway.nat[1]']);
    expect(estimate.profiles.idle.totalUsd).toBeCloseTo(2 * 35.04 + 3.65, 2);
  });

  it('is an error when the plan holds a resource the synthesized stack lacks', () => {
    const dir = writeOutDir({ dev: stackJson(NAT) });
    const plans = planDir([{ type: 'aws_lb', name: 'gone' }]);
    expect(() => estimateDir(dir, { planDir: plans })).toThrow(
      /plans aws_lb\.gone, which the synthesized stack does not declare/,
    );
  });
});
