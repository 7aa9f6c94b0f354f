/**
 * Action lists behind the IAM rules. They follow the categories Checkov takes from Cloudsplaining
 * (privilege escalation, credentials exposure, data exfiltration, permissions management), cut to the
 * services this platform could plausibly grant.
 */

/** Actions that accept no resource ARN: IAM requires `"Resource": "*"` for them, so `*` is not over-broad. */
export const RESOURCELESS_ACTIONS = [
  'ecr:GetAuthorizationToken',
  'cloudwatch:PutMetricData',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'xray:GetSamplingStatisticSummaries',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
  'sts:GetCallerIdentity',
  'ec2:Describe*',
  'logs:DescribeLogGroups',
];

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
  'ecs:RegisterTaskDefinition',
  'ec2:RunInstances',
  'cloudformation:CreateStack',
];

/**
 * `ecr:GetAuthorizationToken` is on Cloudsplaining's list but left out: the token only works for
 * repositories the role may already pull, and every ECS execution role needs it.
 */
export const CREDENTIALS_EXPOSURE_ACTIONS = [
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'iam:UpdateAccessKey',
  'ec2:GetPasswordData',
  'redshift:GetClusterCredentials',
  'rds-db:Connect',
  'sso:GetRoleCredentials',
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:GetFederationToken',
  'sts:GetSessionToken',
];

export const DATA_EXFILTRATION_ACTIONS = [
  's3:GetObject',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'secretsmanager:GetSecretValue',
  'kms:Decrypt',
  'dynamodb:Scan',
];

/** Writes to resource policies and grants: whoever holds them on `*` can open any resource to anyone. */
export const PERMISSIONS_MANAGEMENT_ACTIONS = [
  'iam:CreatePolicy',
  'iam:DeletePolicy',
  'iam:PutRolePermissionsBoundary',
  's3:PutBucketPolicy',
  's3:PutBucketAcl',
  's3:PutObjectAcl',
  's3:DeleteBucketPolicy',
  'kms:PutKeyPolicy',
  'kms:CreateGrant',
  'ecr:SetRepositoryPolicy',
  'lambda:AddPermission',
  'sns:AddPermission',
  'sqs:AddPermission',
  'secretsmanager:PutResourcePolicy',
  'logs:PutResourcePolicy',
];

/** Verbs IAM classifies as Write or Permissions management, as the prefix of an action name. */
export const WRITE_VERBS =
  /^(Put|Create|Delete|Update|Attach|Detach|Modify|Set|Add|Remove|Tag|Untag|Upload|Write|BatchWrite|BatchDelete|Run|Start|Stop|Terminate|Reboot|Replace|Restore|Invoke|Publish|Send|Register|Deregister|Associate|Disassociate|Enable|Disable|Import|Export|Copy|Change|Reset|Revoke|Authorize|Cancel|Pass|Upgrade)/;

export const IAM_READ_VERBS = /^(Get|List|Generate|Simulate)/;
