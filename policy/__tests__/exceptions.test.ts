import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { App, TerraformStack } from 'cdktf';
import { STALE_EXCEPTION, checkStack, summarize } from '../engine';
import { addPolicyException } from '../../lib/policy-exception';
import { allRules } from '../rules';
import { ref, rule, stack } from './fixtures/builder';
import { synthesize } from './fixtures/synth';

const WORLD_HTTPS = {
  description: 'web',
  ingress: [{ description: 'in', protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'] }],
};
const openGroup = (exceptions?: Record<string, string>) =>
  stack()
    .resource('aws_security_group.web', WORLD_HTTPS, exceptions)
    .resource('aws_lb.web', { security_groups: [ref('aws_security_group.web.id')] });

const check = (builder = openGroup()) => checkStack(builder.model(), [rule('CKV_AWS_260')]);

test('a finding without an exception fails', () => {
  const report = check();
  expect(report.results).toEqual([
    expect.objectContaining({
      ruleId: 'CKV_AWS_260',
      status: 'fail',
      address: 'aws_security_group.web',
      path: 'dev/web',
    }),
  ]);
  expect(summarize([report]).failures).toBe(1);
});

test('an exception for the finding reports it as an exception with the reason, and nothing fails', () => {
  const report = check(openGroup({ CKV_AWS_260: 'public by design' }));
  expect(report.results).toEqual([
    expect.objectContaining({
      ruleId: 'CKV_AWS_260',
      status: 'exception',
      reason: 'public by design',
      address: 'aws_security_group.web',
    }),
  ]);
  expect(summarize([report])).toEqual({ stacks: 1, failures: 0, warnings: 0, exceptions: 1 });
});

test('an exception covers its own block only', () => {
  const builder = openGroup({ CKV_AWS_260: 'public by design' })
    .resource('aws_security_group.other', WORLD_HTTPS)
    .resource('aws_lb.other', { security_groups: [ref('aws_security_group.other.id')] });
  const statuses = check(builder).results.map((r) => `${r.address} ${r.status}`);
  expect(statuses.sort()).toEqual(['aws_security_group.other fail', 'aws_security_group.web exception']);
});

test('an exception that matches no finding is itself a failure', () => {
  const closed = stack().resource('aws_security_group.web', { description: 'web' }, { CKV_AWS_260: 'was public once' });
  const report = check(closed);
  expect(report.results).toEqual([
    expect.objectContaining({
      ruleId: STALE_EXCEPTION.id,
      status: 'fail',
      severity: 'error',
      address: 'aws_security_group.web',
      message: expect.stringContaining('CKV_AWS_260 ("was public once") no longer matches any finding'),
    }),
  ]);
});

test('an exception naming an unknown rule is reported as such', () => {
  const report = check(openGroup({ CKV_AWS_260: 'public', CKV_AWS_9999: 'typo' }));
  const stale = report.results.filter((r) => r.ruleId === STALE_EXCEPTION.id);
  expect(stale.map((r) => r.message)).toEqual([
    expect.stringContaining('CKV_AWS_9999 ("typo") names a rule the checker does not have'),
  ]);
});

describe('addPolicyException on real cdktf resources', () => {
  const build = (stackToBuild: TerraformStack) => {
    new AwsProvider(stackToBuild, 'aws', { region: 'eu-west-1' });
    const vpc = new Vpc(stackToBuild, 'vpc', { cidrBlock: '10.0.0.0/16' });
    const group = new SecurityGroup(stackToBuild, 'web', {
      vpcId: vpc.id,
      ingress: [{ description: 'in', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }],
    });
    addPolicyException(group, 'CKV_AWS_260', 'reachable by design in this test');
    addPolicyException(group, 'CKV_AWS_23', '  the description is missing on purpose  ');
    addPolicyException(vpc, 'CKV2_AWS_11', 'no flow log in this test');
    const document = new DataAwsIamPolicyDocument(stackToBuild, 'doc', {
      statement: [{ actions: ['s3:GetObject'], resources: ['*'] }],
    });
    const policy = new IamPolicy(stackToBuild, 'unattached', { policy: document.json });
    addPolicyException(policy, 'CKV_AWS_288', 'the finding is reported at the policy resource, not its document');
    addPolicyException(policy, 'CKV_AWS_63', 'no Action "*" here: stale');
  };
  const { model, outdir } = synthesize('dev', build);

  test('exceptions accumulate under the block comment, trimmed', () => {
    const group = model.block('aws_security_group.web');
    expect(Object.fromEntries(group?.exceptions ?? [])).toEqual({
      CKV_AWS_260: 'reachable by design in this test',
      CKV_AWS_23: 'the description is missing on purpose',
    });
    const raw = JSON.parse(readFileSync(join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8'));
    expect(raw.resource.aws_vpc.vpc['//'].policy_exceptions).toEqual({ CKV2_AWS_11: 'no flow log in this test' });
  });

  test('the checker reports them as exceptions, and the unused ones as stale', () => {
    const report = checkStack(model, allRules);
    const byRule = (id: string) => report.results.filter((r) => r.ruleId === id).map((r) => `${r.address} ${r.status}`);
    expect(byRule('CKV_AWS_260')).toEqual(['aws_security_group.web exception']);
    expect(byRule('CKV_AWS_23')).toEqual(['aws_security_group.web exception']);
    expect(byRule('CKV2_AWS_11')).toEqual(['aws_vpc.vpc exception']);
    expect(byRule('CKV_AWS_288')).toEqual(['aws_iam_policy.unattached exception']);
    expect(report.results.filter((r) => r.ruleId === STALE_EXCEPTION.id).map((r) => r.message)).toEqual([
      expect.stringContaining('exception CKV_AWS_63 ("no Action "*" here: stale") no longer matches any finding'),
    ]);
  });

  test('bad declarations throw, naming the construct', () => {
    const app = new App({ outdir: join(outdir, 'unused') });
    const other = new TerraformStack(app, 'other');
    new AwsProvider(other, 'aws', { region: 'eu-west-1' });
    const vpc = new Vpc(other, 'vpc', { cidrBlock: '10.0.0.0/16' });
    expect(() => addPolicyException(vpc, 'CKV.AWS.1', 'dots break override paths')).toThrow(
      /other\/vpc: rule id "CKV.AWS.1"/,
    );
    expect(() => addPolicyException(vpc, 'CKV2_AWS_11', '   ')).toThrow(/reason is empty/);
    addPolicyException(vpc, 'CKV2_AWS_11', 'first');
    expect(() => addPolicyException(vpc, 'CKV2_AWS_11', 'second')).toThrow(/declared twice/);
  });
});
