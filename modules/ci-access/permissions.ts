/**
 * What the CI roles may do, by the AWS services the platform stacks manage. The plan role reads configuration
 * (Describe/Get/List), never data (no object, item, log-event or image reads outside the state). The apply
 * role writes what the stacks manage; where AWS names resources by generated id (VPCs, load balancers,
 * distributions, web ACLs) its scope is the account and the stacks' Regions, and where the stacks choose the
 * name (table, repository, buckets) it is the environment's name prefix.
 */
import type { PolicyStatement } from '../shared/iam';

/** Configuration reads Terraform's refresh makes, per service; none returns stored data. */
export const CONFIGURATION_READS: readonly string[] = [
  'acm:DescribeCertificate',
  'acm:ListCertificates',
  'acm:ListTagsForCertificate',
  'apigateway:GET',
  'application-autoscaling:Describe*',
  'application-autoscaling:ListTagsForResource',
  'cloudfront:Get*',
  'cloudfront:List*',
  'cloudwatch:Describe*',
  'cloudwatch:GetDashboard',
  'cloudwatch:ListDashboards',
  'cloudwatch:ListTagsForResource',
  // Table settings only (backups, TTL, streams, tags); item reads are Get/Query/Scan, which are not here.
  'dynamodb:Describe*',
  'dynamodb:List*',
  'ec2:Describe*',
  'ecr:DescribeRepositories',
  'ecr:GetLifecyclePolicy',
  'ecr:GetRepositoryPolicy',
  'ecr:ListTagsForResource',
  'ecs:Describe*',
  'ecs:List*',
  'elasticloadbalancing:Describe*',
  'iam:GetOpenIDConnectProvider',
  'iam:GetRole',
  'iam:GetRolePolicy',
  'iam:ListAttachedRolePolicies',
  'iam:ListRolePolicies',
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListResourceTags',
  'logs:Describe*',
  'logs:ListTagsForResource',
  'logs:ListTagsLogGroup',
  'route53:GetChange',
  'route53:GetHostedZone',
  'route53:ListResourceRecordSets',
  'route53:ListTagsForResource',
  's3:GetAccelerateConfiguration',
  's3:GetBucket*',
  's3:GetEncryptionConfiguration',
  's3:GetLifecycleConfiguration',
  's3:GetReplicationConfiguration',
  's3:ListBucket',
  'sns:GetSubscriptionAttributes',
  'sns:GetTopicAttributes',
  'sns:ListSubscriptionsByTopic',
  'sns:ListTagsForResource',
  'wafv2:Get*',
  'wafv2:List*',
];

/**
 * Services whose resources carry generated ids, so IAM cannot scope them by name: the apply role writes them
 * anywhere in the account, within the stacks' Regions.
 */
export const ACCOUNT_SCOPED_WRITES: readonly string[] = [
  'acm:*',
  'apigateway:*',
  'application-autoscaling:*',
  'cloudfront:*',
  'cloudwatch:*',
  // The network tier only: no instances, no password data.
  'ec2:*Address*',
  'ec2:*FlowLogs*',
  'ec2:*InternetGateway*',
  'ec2:*NatGateway*',
  'ec2:*NetworkInterface*',
  'ec2:*Route*',
  'ec2:*SecurityGroup*',
  'ec2:*Subnet*',
  'ec2:*Tags',
  'ec2:*Vpc*',
  'ecs:*',
  'elasticloadbalancing:*',
  // Key management for the alarm topics' key: no Encrypt, Decrypt or data keys.
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:CreateKey',
  'kms:DeleteAlias',
  'kms:DisableKeyRotation',
  'kms:EnableKeyRotation',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
  'logs:*',
  'sns:*',
  'wafv2:*',
];

/** Services the roles of the stacks are passed to, and the service-linked roles they need. */
export const PASSED_TO_SERVICES: readonly string[] = ['ecs-tasks.amazonaws.com', 'vpc-flow-logs.amazonaws.com'];
export const SERVICE_LINKED_ROLE_SERVICES: readonly string[] = [
  'ecs.amazonaws.com',
  'ecs.application-autoscaling.amazonaws.com',
  'elasticloadbalancing.amazonaws.com',
  'ops.apigateway.amazonaws.com',
];

/** IAM writes the stacks make on their own service roles. No users, groups, keys, providers or account settings. */
export const ROLE_WRITES: readonly string[] = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:ListInstanceProfilesForRole',
];

/** The state objects of one key prefix: the state file and its S3 lockfile (`<key>.tflock`). */
export function stateObjectStatements(bucketName: string, keyPrefix: string, write: boolean): PolicyStatement[] {
  const bucketArn = `arn:aws:s3:::${bucketName}`;
  return [
    { sid: 'ListStateBucket', actions: ['s3:ListBucket'], resources: [bucketArn] },
    {
      sid: write ? 'ReadWriteStateAndLockfile' : 'ReadState',
      actions: write ? ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'] : ['s3:GetObject'],
      resources: [`${bucketArn}/${keyPrefix}*`],
    },
  ];
}

/** Limits a statement to the stacks' Regions (global services answer as us-east-1). */
export function inRegions(regions: readonly string[]): NonNullable<PolicyStatement['conditions']> {
  return [{ test: 'StringEquals', variable: 'aws:RequestedRegion', values: [...new Set(regions)].sort() }];
}
