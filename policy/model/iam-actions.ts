import { type ActionFacts, expandAction } from './iam-reference';

/**
 * What the IAM rules know about actions. Access levels and resource types come from AWS's catalogue
 * (iam-reference.ts); the risk lists follow Cloudsplaining, which Checkov's CKV_AWS_286-290 run.
 */

/** `*` and `*:*`: every action of every service. */
export function isWildcardAction(action: string): boolean {
  return action === '*' || action === '*:*';
}

/**
 * Whether an Action entry grants only actions that accept no resource ARN (`s3:ListAllMyBuckets`,
 * `ecr:GetAuthorizationToken`): IAM requires `"Resource": "*"` for those, so `*` is not over-broad. An entry
 * AWS's catalogue does not list counts as taking a resource.
 */
export function isResourceless(action: string): boolean {
  const granted = expandAction(action);
  return granted !== undefined && granted.every((a) => !a.restrictable);
}

/**
 * The actions an Action entry grants that accept a resource ARN and whose access level satisfies `level`;
 * an entry the catalogue does not know (or `*`) is returned as it is, so a rule never passes it silently.
 */
export function restrictableActions(action: string, level: (accessLevel: string) => boolean = () => true): string[] {
  if (isWildcardAction(action)) return [action];
  const granted = expandAction(action);
  if (granted === undefined) return [action];
  return granted.filter((a: ActionFacts) => a.restrictable && level(a.accessLevel)).map((a) => a.name);
}

export const isWriteLevel = (accessLevel: string): boolean => accessLevel.includes('Write');
export const isPermissionsManagementLevel = (accessLevel: string): boolean =>
  accessLevel.startsWith('Permissions management');

/**
 * Every action that is part of one of Cloudsplaining's privilege-escalation methods (Rhino Security Labs'
 * list): Cloudsplaining flags a method when a policy holds all of its actions; the rule flags each one.
 */
export const PRIVILEGE_ESCALATION_ACTIONS = [
  'iam:AddUserToGroup',
  'iam:AttachGroupPolicy',
  'iam:AttachRolePolicy',
  'iam:AttachUserPolicy',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:CreatePolicyVersion',
  'iam:PassRole',
  'iam:PutGroupPolicy',
  'iam:PutRolePolicy',
  'iam:PutUserPolicy',
  'iam:SetDefaultPolicyVersion',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateLoginProfile',
  'sts:AssumeRole',
  'lambda:CreateFunction',
  'lambda:UpdateFunctionCode',
  'lambda:CreateEventSourceMapping',
  'glue:CreateDevEndpoint',
  'glue:UpdateDevEndpoint',
  'datapipeline:CreatePipeline',
  'ecs:RegisterTaskDefinition',
  'ec2:RunInstances',
  'cloudformation:CreateStack',
];

/**
 * Cloudsplaining's actions that return credentials. `ecr:GetAuthorizationToken` and its `ecr-public` twin are
 * left out, as Checkov leaves them out: the token only works for repositories the role may already pull, and
 * every ECS execution role needs it. Cloudsplaining spells the two GameLift compute actions `gamelist:`, so
 * Checkov never matches them; here they are spelt as AWS does.
 */
export const CREDENTIALS_EXPOSURE_ACTIONS = [
  'airflow:CreateCliToken',
  'airflow:CreateWebLoginToken',
  'appsync:CreateApiKey',
  'chime:CreateApiKey',
  'cloud9:CreateEnvironmentToken',
  'codeartifact:GetAuthorizationToken',
  'codepipeline:PollForJobs',
  'cognito-identity:GetOpenIdToken',
  'cognito-identity:GetOpenIdTokenForDeveloperIdentity',
  'cognito-identity:GetCredentialsForIdentity',
  'cognito-idp:GetSigningCertificate',
  'connect:GetFederationToken',
  'connect:GetFederationTokens',
  'ec2:GetPasswordData',
  'emr-containers:GetManagedEndpointSessionCredentials',
  'finspace-api:GetProgrammaticAccessCredentials',
  'gamelift:RequestUploadCredentials',
  'gamelift:GetInstanceAccess',
  'gamelift:GetComputeAccess',
  'gamelift:GetComputeAuthToken',
  'grafana:CreateWorkspaceApiKey',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'iam:UpdateAccessKey',
  'license-manager:GetAccessToken',
  'lightsail:GetInstanceAccessDetails',
  'lightsail:DownloadDefaultKeyPair',
  'lightsail:CreateBucketAccessKey',
  'lightsail:GetRelationalDatabaseMasterUserPassword',
  'mediapackage:RotateChannelCredentials',
  'mediapackage:RotateIngestEndpointCredentials',
  'rds-db:Connect',
  'redshift:GetClusterCredentials',
  'redshift:GetClusterCredentialsWithIAM',
  'redshift-serverless:GetCredentials',
  'sso:GetRoleCredentials',
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:GetFederationToken',
  'sts:GetSessionToken',
];

/** Cloudsplaining's five read actions that leak data, plus two of this platform's own (decrypt, table scan). */
export const CLOUDSPLAINING_EXFILTRATION_ACTIONS = [
  's3:GetObject',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'secretsmanager:GetSecretValue',
];
export const DATA_EXFILTRATION_ACTIONS = [...CLOUDSPLAINING_EXFILTRATION_ACTIONS, 'kms:Decrypt', 'dynamodb:Scan'];
