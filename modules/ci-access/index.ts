import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { addPolicyException } from '../../lib/policy-exception';
import type { PolicyStatement } from '../shared/iam';
import {
  environmentSubject,
  GITHUB_OIDC_HOST,
  GITHUB_OIDC_URL,
  pullRequestSubject,
  REPOSITORY_PATTERN,
  STS_AUDIENCE,
} from './github-oidc';
import {
  ACCOUNT_SCOPED_WRITES,
  CONFIGURATION_READS,
  inRegions,
  PASSED_TO_SERVICES,
  ROLE_WRITES,
  SERVICE_LINKED_ROLE_SERVICES,
  stateObjectStatements,
} from './permissions';

export { GITHUB_OIDC_URL, STS_AUDIENCE, environmentSubject, pullRequestSubject } from './github-oidc';

/** One environment whose stack CI applies in this account. */
export interface CiDeployment {
  /** The platform stack (`dev`, `prod`); names the apply role and its output. */
  readonly stack: string;
  /** The GitHub deployment environment its deploy job runs in (`dev`, `production`): the apply role trusts it only. */
  readonly githubEnvironment: string;
  /** Prefix of every name the stack chooses (`shortlinks-dev`): bounds the table, repository and buckets. */
  readonly resourceNamePrefix: string;
  /** The stack's state object key prefix in the state bucket (`platform/dev/`). */
  readonly stateKeyPrefix: string;
  /** Its Region (us-east-1 is added for CloudFront's certificate and web ACL). */
  readonly region: string;
  /** The hosted zone its records go into. */
  readonly hostedZoneId: string;
}

export interface CiAccessProps {
  /** `owner/name` of the only GitHub repository whose workflows may assume the roles. */
  readonly repository: string;
  /** The account the roles are made in. */
  readonly accountId: string;
  /**
   * ARN of the account's existing GitHub OIDC provider (IAM allows one per URL); pass it when another stack or tool
   * already created one.
   * @default none: this construct creates the provider
   */
  readonly existingOidcProviderArn?: string;
  /** Prefix of the roles' names: `<prefix>-plan`, `<prefix>-apply-<stack>`. */
  readonly roleNamePrefix: string;
  /** The Terraform state bucket (it may be in another account; its policy must then grant these roles). */
  readonly stateBucketName: string;
  /** Key prefix under which every platform stack keeps its state; the plan role reads all of it. */
  readonly stateKeyPrefix: string;
  /** Environments applied in this account, each with its own apply role. */
  readonly deployments: readonly CiDeployment[];
  /**
   * Provider (and so account and Region) the OIDC provider and the roles are made with.
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/** A statement of a CI role's policy; Allow unless it says otherwise. */
type CiStatement = PolicyStatement & { readonly effect?: 'Allow' | 'Deny' };

const FEDERATED_TRUST_REASON =
  'CI assumes this role with a GitHub Actions OIDC token: the principal is the federated GitHub provider, not an ' +
  'AWS service; the trust pins aud to sts.amazonaws.com and sub to one repository and one kind of job.';

/**
 * GitHub Actions' way into one account: the OIDC provider, a read-only plan role for pull requests and one
 * apply role per environment, each trusting exactly one `sub` of one repository.
 *
 * Plan role: configuration reads of what the stacks manage, plus reading (not writing) the state objects.
 * Pull-request plans run with `-lock=false`, so the role needs no write anywhere: a role that could write
 * `.tflock` objects could also delete them, i.e. unlock a running apply, from any pull request's branch.
 *
 * Apply roles: write what the stacks manage. The boundary: the state objects of their own stack only; their
 * environment's name prefix for the table, image repository and buckets; their hosted zone's records; the
 * account and the stacks' Regions for services that name resources by generated id; IAM writes on roles only
 * (no users, groups, keys or providers) and never on these CI roles or the OIDC provider (explicit deny), role
 * passing only to ECS tasks and flow logs. Environments that share an account can still reach each other's
 * id-named resources: separate accounts per environment are the hard boundary.
 */
export class CiAccess extends Construct {
  readonly oidcProviderArn: string;
  readonly planRole: IamRole;
  /** Apply roles by stack name. */
  readonly applyRoles: ReadonlyMap<string, IamRole>;

  constructor(scope: Construct, id: string, props: CiAccessProps) {
    super(scope, id);
    if (!REPOSITORY_PATTERN.test(props.repository)) {
      throw new Error(
        `${this.node.path}: repository "${props.repository}" must be "owner/name" of one GitHub repository (no wildcards).`,
      );
    }
    const provider = props.provider;
    this.oidcProviderArn =
      props.existingOidcProviderArn ??
      new IamOpenidConnectProvider(this, 'github-oidc-provider', {
        url: GITHUB_OIDC_URL,
        clientIdList: [STS_AUDIENCE],
        // AWS validates GitHub's certificate against its own trusted CAs; the list is left to the provider.
        provider,
      }).arn;

    const roleArn = (name: string) => `arn:aws:iam::${props.accountId}:role/${name}`;
    const planRoleName = `${props.roleNamePrefix}-plan`;
    const applyRoleNames = props.deployments.map((d) => `${props.roleNamePrefix}-apply-${d.stack}`);
    const ciResources = [...[planRoleName, ...applyRoleNames].map(roleArn), this.oidcProviderArn];
    const allRegions = [...props.deployments.map((d) => d.region), 'us-east-1'];

    this.planRole = this.role('plan', {
      name: planRoleName,
      subject: pullRequestSubject(props.repository),
      description: `Pull-request plans of ${props.repository}: reads configuration and state, writes nothing`,
      statements: [
        ...stateObjectStatements(props.stateBucketName, props.stateKeyPrefix, false),
        {
          sid: 'ReadConfiguration',
          actions: [...CONFIGURATION_READS],
          resources: ['*'],
          conditions: inRegions(allRegions),
        },
      ],
      exceptions: {
        CKV_AWS_355:
          'Terraform refreshes resources AWS names by generated id (VPCs, load balancers, distributions, web ACLs), ' +
          'so the plan role reads their configuration on "*"; only Describe/Get/List of configuration, no data reads, ' +
          "limited to the stacks' Regions.",
      },
      provider,
    });

    this.applyRoles = new Map(
      props.deployments.map((deployment, index) => [
        deployment.stack,
        this.role(`apply-${deployment.stack}`, {
          name: applyRoleNames[index],
          subject: environmentSubject(props.repository, deployment.githubEnvironment),
          description: `Deploys of ${props.repository} to ${deployment.githubEnvironment}: applies stack ${deployment.stack}`,
          statements: applyStatements(props, deployment, ciResources),
          exceptions: APPLY_EXCEPTIONS,
          provider,
        }),
      ]),
    );
  }

  private role(
    id: string,
    options: {
      name: string;
      subject: string;
      description: string;
      statements: readonly CiStatement[];
      exceptions: Readonly<Record<string, string>>;
      provider?: TerraformProvider;
    },
  ): IamRole {
    const { provider } = options;
    const trust = new DataAwsIamPolicyDocument(this, `${id}-trust`, {
      statement: [
        {
          actions: ['sts:AssumeRoleWithWebIdentity'],
          principals: [{ type: 'Federated', identifiers: [this.oidcProviderArn] }],
          condition: [
            { test: 'StringEquals', variable: `${GITHUB_OIDC_HOST}:aud`, values: [STS_AUDIENCE] },
            { test: 'StringEquals', variable: `${GITHUB_OIDC_HOST}:sub`, values: [options.subject] },
          ],
        },
      ],
      provider,
    });
    const role = new IamRole(this, `${id}-role`, {
      name: options.name,
      assumeRolePolicy: trust.json,
      description: options.description,
      // A deploy (plan, image push, apply with a steady-state wait) stays well inside two hours.
      maxSessionDuration: 7200,
      provider,
    });
    addPolicyException(role, 'CKV_AWS_61', FEDERATED_TRUST_REASON);
    const permissions = new DataAwsIamPolicyDocument(this, `${id}-permissions`, {
      statement: options.statements.map((statement) => ({
        sid: statement.sid,
        effect: statement.effect ?? 'Allow',
        actions: statement.actions,
        resources: statement.resources,
        condition: statement.conditions,
      })),
      provider,
    });
    const policy = new IamRolePolicy(this, `${id}-policy`, { role: role.id, policy: permissions.json, provider });
    for (const [rule, reason] of Object.entries(options.exceptions)) addPolicyException(policy, rule, reason);
    return role;
  }
}

const ACCOUNT_SCOPE_REASON =
  'Terraform creates and replaces resources AWS names by generated id (VPCs, subnets, load balancers, ECS task ' +
  'definitions, distributions, web ACLs, certificates, log groups), so their ARNs cannot be known in advance; ' +
  "the apply role's writes on those services are limited to the account and the stacks' Regions instead.";

/** Why each policy rule does not hold for an apply role, where the statements above bound it instead. */
const APPLY_EXCEPTIONS: Readonly<Record<string, string>> = {
  CKV_AWS_355: ACCOUNT_SCOPE_REASON,
  CKV_AWS_290: ACCOUNT_SCOPE_REASON,
  CKV_AWS_289:
    'The stacks manage resource policies (CloudWatch Logs delivery, KMS key policies) of resources with generated ' +
    "ids; limited to the account and the stacks' Regions.",
  CKV_AWS_286:
    'The stacks register ECS task definitions on generated revisions (ecs:RegisterTaskDefinition takes no ' +
    'task-definition ARN before it exists); the roles a task definition names still need iam:PassRole, which is ' +
    'limited to ECS tasks and flow logs.',
  CKV2_AWS_40:
    'Applying the stacks creates their service roles (ECS execution and task roles, the flow-log role) and ' +
    'their inline policies: IAM writes on roles only, never on the CI roles or the OIDC provider (explicit deny).',
};

function applyStatements(props: CiAccessProps, deployment: CiDeployment, ciResources: string[]): CiStatement[] {
  const account = props.accountId;
  const prefix = deployment.resourceNamePrefix;
  const regions = [deployment.region, 'us-east-1'];
  return [
    ...stateObjectStatements(props.stateBucketName, deployment.stateKeyPrefix, true),
    { sid: 'ReadConfiguration', actions: [...CONFIGURATION_READS], resources: ['*'], conditions: inRegions(regions) },
    {
      sid: 'WriteIdNamedResources',
      actions: [...ACCOUNT_SCOPED_WRITES],
      resources: ['*'],
      conditions: inRegions(regions),
    },
    {
      sid: 'WriteTable',
      actions: [
        'dynamodb:CreateTable',
        'dynamodb:DeleteTable',
        'dynamodb:UpdateTable',
        'dynamodb:UpdateContinuousBackups',
        'dynamodb:UpdateTimeToLive',
        'dynamodb:TagResource',
        'dynamodb:UntagResource',
      ],
      resources: [
        `arn:aws:dynamodb:${deployment.region}:${account}:table/${prefix}`,
        `arn:aws:dynamodb:${deployment.region}:${account}:table/${prefix}-*`,
      ],
    },
    // The deploy job pushes the release image, then Terraform manages the repository itself.
    { sid: 'EcrAuthorizationToken', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
    {
      sid: 'WriteRepositoryAndPushImages',
      actions: ['ecr:*'],
      resources: [
        `arn:aws:ecr:${deployment.region}:${account}:repository/${prefix}`,
        `arn:aws:ecr:${deployment.region}:${account}:repository/${prefix}-*`,
      ],
    },
    { sid: 'WriteBuckets', actions: ['s3:*'], resources: [`arn:aws:s3:::${prefix}-*`] },
    {
      sid: 'WriteRecords',
      actions: ['route53:ChangeResourceRecordSets', 'route53:ChangeTagsForResource'],
      resources: [`arn:aws:route53:::hostedzone/${deployment.hostedZoneId}`],
    },
    { sid: 'WriteServiceRoles', actions: [...ROLE_WRITES], resources: [`arn:aws:iam::${account}:role/*`] },
    {
      sid: 'PassServiceRoles',
      actions: ['iam:PassRole'],
      resources: [`arn:aws:iam::${account}:role/*`],
      conditions: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: [...PASSED_TO_SERVICES] }],
    },
    {
      sid: 'CreateServiceLinkedRoles',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [`arn:aws:iam::${account}:role/aws-service-role/*`],
      conditions: [{ test: 'StringEquals', variable: 'iam:AWSServiceName', values: [...SERVICE_LINKED_ROLE_SERVICES] }],
    },
    // The apply role must never widen its own or another CI role's trust or permissions.
    { sid: 'DenyChangingCiAccess', effect: 'Deny', actions: ['iam:*'], resources: ciResources },
  ];
}
