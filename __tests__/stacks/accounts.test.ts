/**
 * A two-account layout: dev and prod in their own accounts (prod reached through a role), the state bucket in a
 * third. Every provider is pinned to its account; CI access is made in each environment account; the state
 * bucket lets those accounts' CI roles at their state objects.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { ci } from '../../config/environments';
import type { StateBackendConfig } from '../../config/types';
import { PROVIDER_OVERRIDE_FILE, writeOfflineOverrides } from '../../scripts/plan/offline-overrides';
import { StateStack } from '../../stacks/state-stack';
import { PlatformStack } from '../../stacks/platform-stack';
import { blocksOf, dataSourcesOf, dev, prod, stateBackend, synthStack, withChanges } from '../helpers';

const DEV_ACCOUNT = '111111111111';
const PROD_ACCOUNT = '222222222222';
const STATE_ACCOUNT = '333333333333';
const PROD_ROLE = `arn:aws:iam::${PROD_ACCOUNT}:role/deployer`;
const STATE_ROLE = `arn:aws:iam::${STATE_ACCOUNT}:role/state-admin`;

const devConfig = withChanges(dev, (env) => void (env.accountId = DEV_ACCOUNT));
const prodConfig = withChanges(prod, (env) => {
  env.accountId = PROD_ACCOUNT;
  env.assumeRoleArn = PROD_ROLE;
});
const state: StateBackendConfig = { ...stateBackend, accountId: STATE_ACCOUNT, assumeRoleArn: STATE_ROLE };

type Provider = { alias?: string; allowed_account_ids?: string[]; assume_role?: { role_arn: string }[] };

describe('environments in two accounts, state in a third', () => {
  const platform = (environment: typeof dev) =>
    synthStack(new PlatformStack(Testing.app(), environment.name, { environment, stateBackend: state }));
  const devJson = platform(devConfig);
  const prodJson = platform(prodConfig);
  const stateJson = synthStack(
    new StateStack(Testing.app(), 'state', { stateBackend: state, environments: [devConfig, prodConfig], ci }),
  );

  it('pins every provider of a platform stack, the us-east-1 alias included, to its account', () => {
    for (const [json, account] of [
      [devJson, DEV_ACCOUNT],
      [prodJson, PROD_ACCOUNT],
    ] as const) {
      const providers = json.provider?.aws as Provider[];
      expect(providers.map((p) => p.alias ?? 'default')).toEqual(['default', 'us_east_1']);
      for (const provider of providers) expect(provider.allowed_account_ids).toEqual([account]);
    }
    expect((devJson.provider?.aws as Provider[]).map((p) => p.assume_role)).toEqual([undefined, undefined]);
    for (const provider of prodJson.provider?.aws as Provider[]) {
      expect(provider.assume_role).toEqual([expect.objectContaining({ role_arn: PROD_ROLE })]);
    }
  });

  it('reaches the state bucket in its own account through its role', () => {
    const backend = (devJson.terraform?.backend as { s3: Record<string, unknown> }).s3;
    expect(backend).toMatchObject({ bucket: state.bucket, assume_role: { role_arn: STATE_ROLE } });
  });

  it('makes CI access in each environment account through a provider pinned to it', () => {
    const providers = stateJson.provider?.aws as Provider[];
    expect(providers.map((p) => [p.alias ?? 'default', p.allowed_account_ids])).toEqual([
      ['default', [STATE_ACCOUNT]],
      [`account_${DEV_ACCOUNT}`, [DEV_ACCOUNT]],
      [`account_${PROD_ACCOUNT}`, [PROD_ACCOUNT]],
    ]);
    const roles = blocksOf(stateJson, 'aws_iam_role').map((role) => [role.name, role.provider]);
    expect(roles).toEqual(
      expect.arrayContaining([
        ['shortlinks-ci-plan', `aws.account_${DEV_ACCOUNT}`],
        ['shortlinks-ci-apply-dev', `aws.account_${DEV_ACCOUNT}`],
        ['shortlinks-ci-plan', `aws.account_${PROD_ACCOUNT}`],
        ['shortlinks-ci-apply-prod', `aws.account_${PROD_ACCOUNT}`],
      ]),
    );
    expect(roles).toHaveLength(4);
    expect(
      blocksOf(stateJson, 'aws_iam_openid_connect_provider')
        .map((p) => p.provider)
        .sort(),
    ).toEqual([`aws.account_${DEV_ACCOUNT}`, `aws.account_${PROD_ACCOUNT}`]);
    expect(Object.keys(stateJson.output ?? {}).sort()).toEqual([
      'apply_role_arn_dev',
      'apply_role_arn_prod',
      `plan_role_arn_${DEV_ACCOUNT}`,
      `plan_role_arn_${PROD_ACCOUNT}`,
      'state_bucket_name',
    ]);
  });

  it("grants the other accounts' CI roles their state objects in the bucket policy", () => {
    const [bucketPolicy] = dataSourcesOf(stateJson, 'aws_iam_policy_document').filter((document) =>
      (document.statement as { sid?: string }[]).some((s) => s.sid === 'DenyInsecureTransport'),
    );
    const statements = bucketPolicy.statement as {
      sid?: string;
      actions: string[];
      resources: string[];
      principals?: { type: string; identifiers: string[] }[];
    }[];
    const bySid = new Map(statements.map((statement) => [statement.sid, statement]));
    expect(bySid.get('ApplyRoleWritesStateprod')).toMatchObject({
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      resources: [`arn:aws:s3:::${state.bucket}/platform/prod/*`],
      principals: [
        {
          type: 'AWS',
          identifiers: [expect.stringMatching(/^\$\{aws_iam_role\.ci-access-222222222222_apply-prod-role_\w+\.arn\}$/)],
        },
      ],
    });
    expect(bySid.get(`PlanRoleReadsState${DEV_ACCOUNT}`)).toMatchObject({
      actions: ['s3:GetObject'],
      resources: [`arn:aws:s3:::${state.bucket}/platform/*`],
    });
  });

  it('refuses a role to assume that is not in the environment account', () => {
    const wrong = withChanges(
      prodConfig,
      (env) => void (env.assumeRoleArn = `arn:aws:iam::${DEV_ACCOUNT}:role/deployer`),
    );
    expect(() => new PlatformStack(Testing.app(), 'prod', { environment: wrong, stateBackend: state })).toThrow(
      `prod: assumeRoleArn: "arn:aws:iam::${DEV_ACCOUNT}:role/deployer" is in account ${DEV_ACCOUNT}, not in accountId ${PROD_ACCOUNT}`,
    );
  });

  it('plans offline although prod assumes a role: the offline overrides empty every role it assumes', () => {
    // Real Terraform proves on a fixture that an emptied role is never assumed (scripts/plan offline-plan test);
    // this pins that prod's own providers, the us-east-1 alias included, are all overridden that way.
    const workDir = mkdtempSync(join(tmpdir(), 'assume-role-offline-'));
    try {
      writeOfflineOverrides(workDir, prodJson, join(workDir, 'offline.tfstate'));
      const overrides = JSON.parse(readFileSync(join(workDir, PROVIDER_OVERRIDE_FILE), 'utf8')) as {
        provider: { aws: Provider[] };
      };
      const assumed = (prodJson.provider as { aws: Provider[] }).aws.map((provider) => [
        provider.alias ?? 'default',
        provider.assume_role?.map((role) => role.role_arn),
      ]);
      expect(assumed).toEqual([
        ['default', [PROD_ROLE]],
        ['us_east_1', [PROD_ROLE]],
      ]);
      expect(overrides.provider.aws.map((provider) => [provider.alias ?? 'default', provider.assume_role])).toEqual([
        ['default', [{ role_arn: '' }]],
        ['us_east_1', [{ role_arn: '' }]],
      ]);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });
});
