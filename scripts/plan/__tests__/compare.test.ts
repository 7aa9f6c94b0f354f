import { compareSynthesized } from '../compare';
import { renderSummary } from '../summary';
import { removeTempDirs, writeSynthDir } from './synth-dir';

afterAll(removeTempDirs);

const meta = (path: string): object => ({ metadata: { path, uniqueId: path.replace('/', '_') } });
const backend = (key: string): object => ({ backend: { s3: { bucket: 'tfstate', key } } });

const base = writeSynthDir({
  state: {
    json: { '//': { metadata: { version: '0.21.0' } }, resource: { aws_s3_bucket: { state: { bucket: 'tfstate' } } } },
  },
  dev: {
    json: {
      '//': { metadata: { stackName: 'dev' } },
      terraform: backend('dev.tfstate'),
      resource: {
        aws_dynamodb_table: { links: { '//': meta('dev/links'), name: 'links', hash_key: 'slug' } },
        aws_security_group: { alb: { '//': meta('dev/alb'), name: 'alb', ingress: [{ from_port: 443 }] } },
        aws_ecs_service: { app: { '//': meta('dev/app'), desired_count: 2, name: 'app' } },
      },
      data: { aws_iam_policy_document: { task: { statement: [{ actions: ['dynamodb:GetItem'] }] } } },
    },
  },
  legacy: { json: { resource: { aws_sqs_queue: { jobs: { name: 'jobs' } } } } },
});

const head = writeSynthDir({
  state: {
    json: { '//': { metadata: { version: '0.22.0' } }, resource: { aws_s3_bucket: { state: { bucket: 'tfstate' } } } },
  },
  dev: {
    json: {
      '//': { metadata: { stackName: 'dev', note: 'moved constructs' } },
      terraform: backend('platform/dev.tfstate'),
      resource: {
        aws_security_group: { alb: { '//': meta('dev/edge/alb'), name: 'alb', ingress: [{ from_port: 8443 }] } },
        aws_ecs_service: { app: { '//': meta('dev/moved/app'), name: 'app', desired_count: 3, cpu: 256 } },
        aws_iam_role: { task: { '//': meta('dev/task'), name: 'task' } },
      },
      data: { aws_iam_policy_document: { task: { statement: [{ actions: ['dynamodb:*'] }] } } },
    },
  },
  qa: { json: { resource: { aws_vpc: { main: { cidr_block: '10.1.0.0/16' } } } } },
});

describe('compareSynthesized', () => {
  const comparison = compareSynthesized(base, head);

  it('lists added, removed and changed resources with the changed top-level arguments', () => {
    const dev = comparison.find((entry) => entry.stack === 'dev');
    expect(dev?.presence).toBe('both');
    expect(dev?.resources).toEqual([
      { address: 'aws_dynamodb_table.links', type: 'aws_dynamodb_table', kind: 'removed', attributes: [] },
      {
        address: 'aws_ecs_service.app',
        type: 'aws_ecs_service',
        kind: 'changed',
        attributes: ['cpu', 'desired_count'],
      },
      { address: 'aws_iam_role.task', type: 'aws_iam_role', kind: 'added', attributes: [] },
      { address: 'aws_security_group.alb', type: 'aws_security_group', kind: 'changed', attributes: ['ingress'] },
      {
        address: 'data.aws_iam_policy_document.task',
        type: 'aws_iam_policy_document',
        kind: 'changed',
        attributes: ['statement'],
      },
    ]);
    expect(dev?.settingsChanged).toEqual(['terraform']);
  });

  it('ignores changes that are only in the "//" metadata', () => {
    const state = comparison.find((entry) => entry.stack === 'state');
    expect(state).toEqual({ stack: 'state', presence: 'both', resources: [], settingsChanged: [] });
  });

  it('reports stacks added in head and removed from base, head stacks first in apply order', () => {
    expect(comparison.map((entry) => [entry.stack, entry.presence])).toEqual([
      ['state', 'both'],
      ['dev', 'both'],
      ['qa', 'added'],
      ['legacy', 'removed'],
    ]);
  });

  it('renders the comparison as a summary section with stateful and security marks', () => {
    const summary = renderSummary({ outcomes: [], comparison });
    const lines = summary.split('\n');
    const start = lines.indexOf('### Configuration changes against the base branch');
    expect(lines.slice(start + 4, start + 14)).toEqual([
      '- `state`: no configuration changes',
      '- `dev`: 1 added, 1 removed, 3 changed; stack settings changed: `terraform`',
      '  - removed `aws_dynamodb_table.links` (⚠ stateful)',
      '  - changed `aws_ecs_service.app`: `cpu`, `desired_count`',
      '  - added `aws_iam_role.task` (🔒 security)',
      '  - changed `aws_security_group.alb`: `ingress` (🔒 security)',
      '  - changed `data.aws_iam_policy_document.task`: `statement` (🔒 security)',
      '- `qa`: new stack, 1 resource, 0 data sources',
      '- `legacy`: removed from the app (1 resource, 0 data sources); what it created is no longer planned or ' +
        'applied and stays in AWS until destroyed by hand',
      '',
    ]);
  });
});
