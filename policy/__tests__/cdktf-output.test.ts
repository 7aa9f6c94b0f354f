import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { Fn } from 'cdktf';
import { readContainers } from '../model/containers';
import { readPolicy } from '../model/iam-policy';
import { checkStack } from '../engine';
import { allRules } from '../rules';
import { synthesize } from './fixtures/synth';

/** What cdktf 0.21 really writes for the three ways the modules build an IAM policy. */
const { model } = synthesize('dev', (stack) => {
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const edge = new AwsProvider(stack, 'us-east-1', { region: 'us-east-1', alias: 'us_east_1' });
  const table = new DynamodbTable(stack, 'table', {
    name: 'links',
    hashKey: 'slug',
    attribute: [{ name: 'slug', type: 'S' }],
  });
  const statement = { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: [table.arn, `${table.arn}/index/*`] };
  const trust = new DataAwsIamPolicyDocument(stack, 'trust', {
    statement: [
      { actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['ecs-tasks.amazonaws.com'] }] },
    ],
  });
  const role = new IamRole(stack, 'role', { assumeRolePolicy: trust.json });
  const document = new DataAwsIamPolicyDocument(stack, 'permissions', {
    statement: [{ effect: 'Allow', actions: ['dynamodb:GetItem'], resources: [table.arn, `${table.arn}/index/*`] }],
  });
  new IamRolePolicy(stack, 'from-document', { role: role.id, policy: document.json });
  new IamRolePolicy(stack, 'from-jsonencode', {
    role: role.id,
    policy: Fn.jsonencode({ Version: '2012-10-17', Statement: [statement] }),
  });
  new IamRolePolicy(stack, 'from-stringify', {
    role: role.id,
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
  });
  const container = { name: 'app', image: `${table.name}:1`, readonlyRootFilesystem: true };
  new EcsTaskDefinition(stack, 'stringified', { family: 'a', containerDefinitions: JSON.stringify([container]) });
  new EcsTaskDefinition(stack, 'jsonencoded', { family: 'b', containerDefinitions: Fn.jsonencode([container]) });
  new AcmCertificate(stack, 'edge-certificate', { provider: edge, domainName: 'app.example.com' });
});

const policyOf = (name: string) => model.resources('aws_iam_role_policy').find((p) => p.path === `dev/${name}`);

test('policies from a data source, Fn.jsonencode and JSON.stringify read as the same statement', () => {
  const read = ['from-document', 'from-jsonencode', 'from-stringify'].map((name) => {
    const reading = readPolicy(model, policyOf(name)?.body.policy);
    if (!reading.ok) throw new Error(`${name}: ${reading.reason}`);
    return reading.statements.map(({ effect, actions, resources }) => ({ effect, actions, resources }));
  });
  const expected = [
    {
      effect: 'Allow',
      actions: ['dynamodb:GetItem'],
      resources: ['${aws_dynamodb_table.table.arn}', '${aws_dynamodb_table.table.arn}/index/*'],
    },
  ];
  expect(read).toEqual([expected, expected, expected]);
});

test('container definitions from JSON.stringify and Fn.jsonencode read as the same containers', () => {
  const containers = model.resources('aws_ecs_task_definition').map((task) => readContainers(task));
  const expected = {
    ok: true,
    containers: [{ name: 'app', image: '${aws_dynamodb_table.table.name}:1', readonlyRootFilesystem: true }],
  };
  expect(containers).toEqual([expected, expected]);
});

test('the construct path and the aliased provider come through', () => {
  const [certificate] = model.resources('aws_acm_certificate');
  expect(certificate.path).toBe('dev/edge-certificate');
  expect(certificate.body.provider).toBe('aws.us_east_1');
  expect(model.providerRegion(certificate)).toBe('us-east-1');
});

test('the reference and document rules find nothing wrong in well-formed cdktf output', () => {
  const ids = ['REF_UNDECLARED', 'REF_PROVIDER', 'REF_OBJECT_IN_TEMPLATE', 'POLICY_UNREADABLE_DOCUMENT'];
  const report = checkStack(
    model,
    allRules.filter((rule) => ids.includes(rule.id)),
  );
  expect(report.results).toEqual([]);
});
