import { estimateForSummary, renderCost } from '../cost-summary';
import { renderSummary } from '../summary';
import { section } from './markdown-section';
import { removeTempDirs, writeSynthDir } from './synth-dir';

afterAll(removeTempDirs);

const PROVIDER = { aws: [{ region: 'eu-west-1' }] };
const TRAFFIC = { requestsPerMonth: 1_000_000, cacheHitRate: 0.5, averageResponseBytes: 1000 };

function stack(resources: object, traffic?: object): { json: object } {
  return {
    json: {
      '//': { environment: { name: 'x', production: false, ...(traffic ? { traffic } : {}) } },
      provider: PROVIDER,
      resource: resources,
    },
  };
}

const NAT = { aws_eip: { nat: { domain: 'vpc' } }, aws_nat_gateway: { nat: { allocation_id: '${aws_eip.nat.id}' } } };
const ALB = { aws_lb: { alb: { internal: true, subnets: ['a', 'b'] } } };
const API = { aws_apigatewayv2_api: { api: { protocol_type: 'HTTP' } } };

const HEADING = '### 💰 Monthly cost estimate';
// Base: NAT gateway 35.04 + its IPv4 3.65 + ALB 18.396; head: the ALB only. Traffic adds 0.5 M API requests
// (0.555) and 0.84 LCU-hours for the 0.84 GB the ALB processes (0.0067).
const base = writeSynthDir({ dev: stack({ ...NAT, ...ALB, ...API }, TRAFFIC), old: stack(ALB) });
const head = writeSynthDir({ dev: stack({ ...ALB, ...API }, TRAFFIC), prod: stack({ ...NAT, ...ALB }) });

describe('the cost section of the plan summary', () => {
  it('shows each stack’s idle and traffic totals', () => {
    const summary = renderSummary({ outcomes: [], cost: { head: estimateForSummary(head) } });
    const lines = section(summary, HEADING);
    expect(lines).toContain('| `dev` | $18.40 | $18.96 |');
    expect(lines).toContain('| `prod` | $57.09 | $57.09 |');
  });

  it('with --compare, shows base → head per stack with the change, and the components behind it', () => {
    const summary = renderSummary({
      outcomes: [],
      cost: { head: estimateForSummary(head), base: estimateForSummary(base) },
    });
    const lines = section(summary, HEADING);
    expect(lines).toContain('| `dev` | $57.09 → $18.40 | −$38.69 (−67.8%) | $57.65 → $18.96 | −$38.69 (−67.1%) |');
    expect(lines).toContain('| `prod` | — → $57.09 | new stack | — → $57.09 | new stack |');
    expect(lines).toContain('| `old` | $18.40 → — | −$18.40 (removed) | $18.40 → — | −$18.40 (removed) |');
    expect(lines).toContain('- `dev` NAT gateway: $35.04 → $0.00 (−$35.04)');
    expect(lines).toContain('- `dev` Public IPv4 address: $3.65 → $0.00 (−$3.65)');
    expect(lines.filter((line) => line.startsWith('- `dev`'))).toHaveLength(2);
  });

  it('says so when nothing changed by a notable amount', () => {
    const lines = renderCost({ head: estimateForSummary(head), base: estimateForSummary(head) });
    expect(lines).toContain('| `dev` | $18.40 → $18.40 | ±$0.00 | $18.96 → $18.96 | ±$0.00 |');
    expect(lines).toContain('No component changes by more than $0.50 a month when idle.');
  });

  it('shows only the stacks the plan selected', () => {
    const lines = renderCost({ head: estimateForSummary(head) }, ['prod']);
    expect(lines.filter((line) => line.startsWith('| `'))).toEqual(['| `prod` | $57.09 | $57.09 |']);
  });

  it('reports an estimate that failed (an unpriced type) instead of a total', () => {
    const broken = writeSynthDir({ dev: stack({ aws_sqs_queue: { jobs: {} } }) });
    const lines = renderCost({ head: estimateForSummary(broken) });
    expect(lines.join('\n')).toMatch(/❌ The estimate failed: No price mapping .*aws_sqs_queue/);
  });

  it('sits after the security section of a summary with plans', () => {
    const summary = renderSummary({
      outcomes: [{ stack: 'dev', status: 'planned', changes: [], notes: [] }],
      cost: { head: estimateForSummary(head) },
    });
    expect(summary.indexOf(HEADING)).toBeGreaterThan(summary.indexOf('### 🔒 Security-relevant changes'));
    expect(summary.indexOf(HEADING)).toBeLessThan(summary.indexOf('### `dev`'));
  });

  it('is absent when no estimate was made', () => {
    expect(renderSummary({ outcomes: [] })).not.toContain(HEADING);
  });
});
