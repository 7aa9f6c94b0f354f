import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plannedChanges } from '../plan-json';
import { FIXTURES_DIR } from './synth-dir';

function fixturePlan(stack: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, `${stack}.plan.json`), 'utf8'));
}

function change(address: string, actions: string[], extra: object = {}): object {
  return {
    address,
    type: address.split('.')[0],
    mode: 'managed',
    change: { actions, before: null, after: null, ...extra },
  };
}

describe('plannedChanges', () => {
  it('reads every kind of change from a real Terraform plan and leaves out no-ops', () => {
    const changes = plannedChanges(fixturePlan('dev'), 'dev.plan.json');
    expect(changes.map(({ address, action }) => [address, action])).toEqual([
      ['aws_acm_certificate.edge', 'replace'],
      ['aws_cloudwatch_log_group.app', 'delete'],
      ['aws_dynamodb_table.links', 'replace'],
      ['aws_iam_role.task', 'create'],
      ['aws_security_group.alb', 'update'],
      ['aws_ssm_parameter.origin_secret', 'update'],
    ]);
  });

  it('names the attributes that force a replacement and those an update changes', () => {
    const byAddress = new Map(plannedChanges(fixturePlan('dev'), 'dev').map((entry) => [entry.address, entry]));
    expect(byAddress.get('aws_dynamodb_table.links')?.replacePaths).toEqual(['name']);
    expect(byAddress.get('aws_acm_certificate.edge')?.replacePaths).toEqual([
      'subject_alternative_names',
      'domain_name',
    ]);
    expect(byAddress.get('aws_security_group.alb')?.changedAttributes).toEqual(['ingress']);
    // insecure_value and version are only known after apply; value is the sensitive one that changed.
    expect(byAddress.get('aws_ssm_parameter.origin_secret')?.changedAttributes).toEqual([
      'insecure_value',
      'value',
      'version',
    ]);
  });

  it('maps both replacement orders, and skips reads and data sources', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        change('aws_lb.a', ['delete', 'create']),
        change('aws_lb.b', ['create', 'delete']),
        change('aws_lb.c', ['read']),
        { ...change('aws_iam_policy_document.d', ['update']), mode: 'data' },
        change('aws_lb.e', ['forget']),
      ],
    };
    expect(plannedChanges(plan, 'plan').map((entry) => entry.action)).toEqual(['replace', 'replace', 'forget']);
  });

  it('marks deposed objects in the address', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [{ ...change('aws_lb.a', ['delete']), deposed: 'abc123' }],
    };
    expect(plannedChanges(plan, 'plan')[0].address).toBe('aws_lb.a (deposed abc123)');
  });

  it('treats a plan without resource_changes as no changes', () => {
    expect(plannedChanges({ format_version: '1.2' }, 'plan')).toEqual([]);
  });

  it('rejects input that is not a plan, naming the source', () => {
    expect(() => plannedChanges({ resources: [] }, 'x.json')).toThrow(
      'x.json is not the output of `terraform show -json PLANFILE` (no format_version).',
    );
  });

  it('rejects unknown action lists, naming the resource', () => {
    const plan = { format_version: '1.2', resource_changes: [change('aws_lb.a', ['explode'])] };
    expect(() => plannedChanges(plan, 'x.json')).toThrow(
      'x.json: resource aws_lb.a has unknown change actions ["explode"].',
    );
  });
});
