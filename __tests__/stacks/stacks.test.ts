import { Testing } from 'cdktf';
import { ci } from '../../config/environments';
import { STATE_STACK_STATE_FILE, StateStack } from '../../stacks/state-stack';
import { PlatformStack, US_EAST_1_ALIAS } from '../../stacks/platform-stack';
import {
  blocksOf,
  dataSourcesOf,
  dev,
  onlyResource,
  prod,
  stateBackend,
  synthPlatform,
  synthStack,
  withChanges,
} from '../helpers';

describe('state stack', () => {
  const json = synthStack(new StateStack(Testing.app(), 'state', { stateBackend, environments: [dev, prod], ci }));

  it('keeps its own state locally, outside cdktf.out (the bucket cannot hold state before it exists)', () => {
    expect(json.terraform!.backend).toEqual({ local: { path: STATE_STACK_STATE_FILE } });
    expect(STATE_STACK_STATE_FILE).toBe('../../../terraform.state.tfstate');
  });

  it('creates the state bucket, protected from destroy', () => {
    const bucket = onlyResource(json, 'aws_s3_bucket');
    expect(bucket.bucket).toBe(stateBackend.bucket);
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(bucket.force_destroy).toBe(false);
  });

  it('versions, encrypts and fully blocks public access to the bucket', () => {
    expect(onlyResource(json, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' }, bucket_key_enabled: true },
    ]);
    expect(onlyResource(json, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it('denies non-TLS access and expires noncurrent versions', () => {
    // The bucket's policy document; the others belong to the CI roles.
    const [policy] = dataSourcesOf(json, 'aws_iam_policy_document').filter((document) =>
      (document.statement as Array<{ sid?: string }>).some((statement) => statement.sid === 'DenyInsecureTransport'),
    );
    expect(policy.statement).toContainEqual(
      expect.objectContaining({
        effect: 'Deny',
        actions: ['s3:*'],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      }),
    );
    const [rule] = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration').rule as Array<Record<string, unknown>>;
    expect(rule.noncurrent_version_expiration).toEqual([
      { noncurrent_days: stateBackend.noncurrentVersionRetentionDays },
    ]);
  });
});

describe.each([dev, prod])('platform stack $name', (environment) => {
  const { stack, json } = synthPlatform(environment);

  it('keeps state in the S3 bucket under its own key, encrypted, with lockfile locking', () => {
    expect(json.terraform!.backend).toEqual({
      s3: {
        bucket: stateBackend.bucket,
        key: `platform/${environment.name}/terraform.tfstate`,
        region: stateBackend.region,
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it('configures the home Region and a us-east-1 alias, both locked to the account and tagged', () => {
    const providers = json.provider!.aws;
    expect(providers).toHaveLength(2);
    const [home, usEast1] = providers;
    expect(home).toMatchObject({ region: environment.region, allowed_account_ids: [environment.accountId] });
    expect(home.alias).toBeUndefined();
    expect(usEast1).toMatchObject({ alias: US_EAST_1_ALIAS, region: 'us-east-1' });
    for (const provider of providers) {
      expect(provider.default_tags).toEqual([
        { tags: { Project: 'shortlinks', Environment: environment.name, ManagedBy: 'cdktf' } },
      ]);
    }
  });

  it('pins the provider version the offline mirror holds', () => {
    expect(json.terraform!.required_providers).toEqual({ aws: { source: 'aws', version: '5.100.0' } });
  });

  it('reads nothing from AWS at plan time: its only data sources are computed locally', () => {
    expect(Object.keys(json.data ?? {})).toEqual(['aws_iam_policy_document']);
  });

  it('marks the environment for the policy checker', () => {
    // Testing.synth strips "//" comments; the written cdk.tf.json keeps them.
    expect(stack.toTerraform()['//']).toMatchObject({
      environment: { name: environment.name, production: environment.production },
    });
  });

  it('names security groups by prefix and replaces them create-before-destroy (ENIs always keep a group)', () => {
    const groups = blocksOf(json, 'aws_security_group');
    expect(groups.length).toBeGreaterThanOrEqual(3);
    for (const group of groups) {
      expect(group.name).toBeUndefined();
      expect(group.name_prefix).toMatch(new RegExp(`^shortlinks-${environment.name}-[a-z-]+-$`));
      expect(group.lifecycle).toEqual({ create_before_destroy: true });
    }
  });

  it('writes descriptions WAF accepts (its API refuses characters the provider lets through)', () => {
    for (const acl of blocksOf(json, 'aws_wafv2_web_acl')) {
      expect(acl.description).toMatch(/^[\w+=:#@/\-,.][\w+=:#@/\-,.\s]+[\w+=:#@/\-,.]$/);
    }
    expect(blocksOf(json, 'aws_wafv2_web_acl')).toHaveLength(1);
  });

  it('spreads the VPC over the configured AZs', () => {
    const zones = blocksOf(json, 'aws_subnet').map((subnet) => subnet.availability_zone);
    expect(new Set(zones)).toEqual(new Set(environment.network.availabilityZones));
  });
});

describe('platform stack config errors', () => {
  it('fails synth with the environment, field and reason', () => {
    const broken = withChanges(dev, (config) => (config.network.vpcCidr = '10.10.0.0/33'));
    expect(() => new PlatformStack(Testing.app(), 'dev', { environment: broken, stateBackend })).toThrow(
      'dev: network.vpcCidr: "10.10.0.0/33" has a prefix length above 32',
    );
  });
});

describe('stack outputs', () => {
  it('each say what they hold, in every stack', () => {
    const stacks = {
      state: synthStack(new StateStack(Testing.app(), 'state', { stateBackend, environments: [dev, prod], ci })),
      dev: synthPlatform(dev).json,
      prod: synthPlatform(prod).json,
    };
    for (const [name, json] of Object.entries(stacks)) {
      const outputs = Object.entries(json.output ?? {});
      expect(outputs.length).toBeGreaterThan(0);
      for (const [output, block] of outputs) {
        expect({ stack: name, output, description: block.description }).toEqual({
          stack: name,
          output,
          description: expect.stringMatching(/\S/),
        });
      }
    }
  });
});
