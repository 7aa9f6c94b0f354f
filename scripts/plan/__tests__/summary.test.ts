import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plannedChanges } from '../plan-json';
import { renderSummary, type StackOutcome } from '../summary';
import { section } from './markdown-section';
import { FIXTURES_DIR } from './synth-dir';

function planned(stack: string, notes: string[] = []): StackOutcome {
  const plan = JSON.parse(readFileSync(join(FIXTURES_DIR, `${stack}.plan.json`), 'utf8'));
  return { stack, status: 'planned', changes: plannedChanges(plan, stack), notes };
}

describe('renderSummary on real plans with replacements and deletions', () => {
  const summary = renderSummary({ outcomes: [planned('state'), planned('dev')] });

  it('counts add, change, replace and destroy per stack', () => {
    expect(summary).toContain('| `state` | 0 | 1 | 0 | 1 |');
    expect(summary).toContain('| `dev` | 1 | 2 | 2 | 1 |');
  });

  it('flags destroyed and replaced stateful resources, with what forces the replacement', () => {
    expect(section(summary, '### ⚠ Destructive changes to stateful resources')).toEqual([
      '- `state` **destroy** `aws_s3_bucket.state`',
      '- `dev` **replace** `aws_acm_certificate.edge` (forced by `subject_alternative_names`, `domain_name`)',
      '- `dev` **destroy** `aws_cloudwatch_log_group.app`',
      '- `dev` **replace** `aws_dynamodb_table.links` (forced by `name`)',
    ]);
  });

  it('calls out security-relevant changes', () => {
    expect(section(summary, '### 🔒 Security-relevant changes')).toEqual([
      '- `dev` **add** `aws_iam_role.task`',
      '- `dev` **change** `aws_security_group.alb`: `ingress`',
    ]);
  });

  it('puts the stateful and security sections before the per-stack lists', () => {
    const order = ['### ⚠ Destructive', '### 🔒 Security', '### `state`', '### `dev`'].map((heading) =>
      summary.indexOf(heading),
    );
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('lists every change of a stack grouped by action, most dangerous first, and leaves out no-ops', () => {
    expect(section(summary, '### `dev`')).toEqual([
      '<details><summary>1 to add, 2 to change, 2 to replace, 1 to destroy</summary>',
      '**destroy** (1)',
      '- `aws_cloudwatch_log_group.app`',
      '**replace** (2)',
      '- `aws_acm_certificate.edge` (forced by `subject_alternative_names`, `domain_name`)',
      '- `aws_dynamodb_table.links` (forced by `name`)',
      '**change** (2)',
      '- `aws_security_group.alb`: `ingress`',
      '- `aws_ssm_parameter.origin_secret`: `insecure_value`, `value`, `version`',
      '**add** (1)',
      '- `aws_iam_role.task`',
      '</details>',
    ]);
    expect(summary).not.toContain('aws_ecr_repository.app');
  });

  it('never prints a value, so the sensitive parameter stays secret', () => {
    const planJson = readFileSync(join(FIXTURES_DIR, 'dev.plan.json'), 'utf8');
    expect(planJson).toContain('SUPERSECRET-NEW-VALUE');
    expect(summary).not.toContain('SUPERSECRET');
    expect(summary).not.toContain('0.0.0.0/0');
  });
});

describe('renderSummary edge cases', () => {
  it('says None when nothing needs attention, and No changes for an unchanged stack', () => {
    const summary = renderSummary({ outcomes: [{ stack: 'dev', status: 'planned', changes: [], notes: [] }] });
    expect(section(summary, '### ⚠ Destructive changes to stateful resources')).toEqual(['None.']);
    expect(section(summary, '### 🔒 Security-relevant changes')).toEqual(['None.']);
    expect(section(summary, '### `dev`')).toEqual(['No changes.']);
  });

  it('reports a failed plan in the table and shows the end of its error', () => {
    const error = ['line 1', ...Array.from({ length: 40 }, (_, index) => `detail ${index}`), 'Error: no credentials'];
    const summary = renderSummary({
      outcomes: [planned('state'), { stack: 'prod', status: 'failed', error: error.join('\n') }],
    });
    expect(summary).toContain('| `prod` | ❌ plan failed | | | |');
    const failure = section(summary, '### ❌ Failed plans');
    expect(failure).toContain('Error: no credentials');
    expect(failure).not.toContain('line 1');
    expect(summary.indexOf('### ❌ Failed plans')).toBeLessThan(summary.indexOf('### ⚠ Destructive'));
  });

  it('shows notes and the offline caveat', () => {
    const summary = renderSummary({
      outcomes: [planned('state', ['Local backend without a state file at /x: this plan starts from empty state.'])],
      offline: true,
    });
    expect(summary).toContain('_Offline plan: stub credentials and an empty local state');
    expect(section(summary, '### `state`')[0]).toBe(
      '> Local backend without a state file at /x: this plan starts from empty state.',
    );
  });
});
