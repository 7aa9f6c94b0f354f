import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { CiConfig, EnvironmentConfig, StateBackendConfig } from '../config/types';
import { validateCi, validateStateBackend } from '../config/validate';
import { CiAccess } from '../modules/ci-access';
import type { BucketGrant } from '../modules/shared/private-bucket';
import { StateBucket } from '../modules/state-bucket';
import { PLATFORM_STATE_PREFIX, platformNamePrefix } from './names';
import { defaultTags } from './tags';
import { REQUIRED_TERRAFORM_VERSION } from '../lib/terraform-version';

/**
 * Relative to the stack's folder (cdktf.out/stacks/state): the project root. Outside cdktf.out, which synth
 * rewrites, and git-ignored (*.tfstate).
 */
export const STATE_STACK_STATE_FILE = '../../../terraform.state.tfstate';

/** Prefix of the CI roles' names: `shortlinks-ci-plan`, `shortlinks-ci-apply-<stack>`. */
export const CI_ROLE_NAME_PREFIX = 'shortlinks-ci';

export interface StateStackProps {
  readonly stateBackend: StateBackendConfig;
  /** Every environment: each account that hosts one gets CI access, each environment its apply role. */
  readonly environments: readonly EnvironmentConfig[];
  readonly ci: CiConfig;
}

/**
 * Bootstrap, applied from a workstation: the S3 bucket that holds every other stack's state, and in every
 * account that hosts an environment, GitHub's OIDC provider with the CI plan and apply roles (see
 * modules/ci-access). It cannot store its own state before the bucket exists, so this one stack keeps a local
 * backend: keep that file safe (never commit it), or migrate it into the bucket after the first apply.
 */
export class StateStack extends TerraformStack {
  readonly bucket: StateBucket;
  /** CI access by account id. */
  readonly ciAccess: ReadonlyMap<string, CiAccess>;

  constructor(scope: Construct, id: string, props: StateStackProps) {
    super(scope, id);
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    const { stateBackend: config, environments, ci } = props;
    validateStateBackend(config);
    validateCi(ci);
    new LocalBackend(this, { path: STATE_STACK_STATE_FILE });
    const stateProvider = new AwsProvider(this, 'aws', {
      region: config.region,
      allowedAccountIds: [config.accountId],
      assumeRole: config.assumeRoleArn
        ? [{ roleArn: config.assumeRoleArn, sessionName: 'shortlinks-state' }]
        : undefined,
      defaultTags: [{ tags: defaultTags('state') }],
    });

    const repository = `${ci.repository.owner}/${ci.repository.name}`;
    const byAccount = new Map<string, EnvironmentConfig[]>();
    for (const environment of environments) {
      byAccount.set(environment.accountId, [...(byAccount.get(environment.accountId) ?? []), environment]);
    }
    this.ciAccess = new Map(
      [...byAccount].map(([accountId, accountEnvironments]) => {
        const [first] = accountEnvironments;
        // Another account's roles are made through a provider of that account (and its role, if configured).
        const provider =
          accountId === config.accountId
            ? stateProvider
            : new AwsProvider(this, `aws-${accountId}`, {
                alias: `account_${accountId}`,
                region: first.region,
                allowedAccountIds: [accountId],
                assumeRole: first.assumeRoleArn
                  ? [{ roleArn: first.assumeRoleArn, sessionName: 'shortlinks-state' }]
                  : undefined,
                defaultTags: [{ tags: defaultTags('state') }],
              });
        const access = new CiAccess(this, `ci-access-${accountId}`, {
          repository,
          accountId,
          existingOidcProviderArn: ci.existingOidcProviderArns?.[accountId],
          roleNamePrefix: CI_ROLE_NAME_PREFIX,
          stateBucketName: config.bucket,
          stateKeyPrefix: PLATFORM_STATE_PREFIX,
          deployments: accountEnvironments.map((environment) => ({
            stack: environment.name,
            githubEnvironment: environment.githubEnvironment,
            resourceNamePrefix: platformNamePrefix(environment.name),
            stateKeyPrefix: `${PLATFORM_STATE_PREFIX}${environment.name}/`,
            region: environment.region,
            hostedZoneId: environment.dns.hostedZoneId,
          })),
          provider,
        });
        return [accountId, access] as const;
      }),
    );

    this.bucket = new StateBucket(this, 'state-bucket', {
      bucketName: config.bucket,
      noncurrentVersionRetentionDays: config.noncurrentVersionRetentionDays,
      grants: this.crossAccountGrants(config),
      provider: stateProvider,
    });
    new TerraformOutput(this, 'state_bucket_name', {
      value: this.bucket.bucket.bucket,
      description: "Bucket that holds the platform stacks' Terraform state",
    });
    for (const [accountId, access] of this.ciAccess) {
      new TerraformOutput(this, `plan_role_arn_${accountId}`, {
        value: access.planRole.arn,
        description: `CI plan role in account ${accountId}: the repository variable AWS_PLAN_ROLE_ARN`,
      });
      for (const [stack, role] of access.applyRoles) {
        const environment = environments.find((candidate) => candidate.name === stack);
        new TerraformOutput(this, `apply_role_arn_${stack}`, {
          value: role.arn,
          description: `CI apply role of ${stack}: AWS_APPLY_ROLE_ARN of the GitHub environment ${environment?.githubEnvironment}`,
        });
      }
    }
  }

  /**
   * Roles in other accounts reach the bucket through its policy as well as their own: the plan roles read every
   * platform state, each apply role reads and writes its own stack's state and lockfile.
   */
  private crossAccountGrants(config: StateBackendConfig): BucketGrant[] {
    const bucketArn = `arn:aws:s3:::${config.bucket}`;
    return [...this.ciAccess]
      .filter(([accountId]) => accountId !== config.accountId)
      .flatMap(([accountId, access]) => [
        {
          sid: `PlanRoleReadsState${accountId}`,
          actions: ['s3:GetObject'],
          resources: [`${bucketArn}/${PLATFORM_STATE_PREFIX}*`],
          awsPrincipals: [access.planRole.arn],
        },
        ...[...access.applyRoles].map(([stack, role]) => ({
          sid: `ApplyRoleWritesState${stack.replace(/[^A-Za-z0-9]/g, '')}`,
          actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          resources: [`${bucketArn}/${PLATFORM_STATE_PREFIX}${stack}/*`],
          awsPrincipals: [role.arn],
        })),
        {
          sid: `CiRolesListState${accountId}`,
          actions: ['s3:ListBucket'],
          resources: [bucketArn],
          awsPrincipals: [access.planRole.arn, ...[...access.applyRoles.values()].map((role) => role.arn)],
        },
      ]);
  }
}
