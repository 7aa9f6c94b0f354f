import { LOG_RETENTION_DAYS } from '../../lib/log-retention';
import { asNumber, at, blocks, firstBlock, isTrue, nonEmptyString } from '../../lib/terraform-json/attributes';
import { mentions } from '../../lib/terraform-json/references';
import { type Principal, type Statement, readPolicy } from '../model/iam-policy';
import type { Block, StackModel } from '../model/stack';
import { type Rule, type Upstream, laxer, ruleFor, stricter, upstream } from '../rule';

/** CKV_AWS_53-56: one public access block setting each. */
const PUBLIC_ACCESS_FLAGS: [flag: string, id: string, means: string][] = [
  ['block_public_acls', 'CKV_AWS_53', 'Ensure S3 bucket has block public ACLS enabled'],
  ['block_public_policy', 'CKV_AWS_54', 'Ensure S3 bucket has block public policy enabled'],
  ['ignore_public_acls', 'CKV_AWS_55', 'Ensure S3 bucket has ignore public ACLs enabled'],
  ['restrict_public_buckets', 'CKV_AWS_56', "Ensure S3 bucket has 'restrict_public_bucket' enabled"],
];
const SSE_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];
const BUCKET = 'aws_s3_bucket';

/** Why a rule reads the Terraform state bucket only (the other buckets hold logs that expire). */
const STATE_BUCKET_ONLY = (what: string) =>
  laxer(
    `the Terraform state bucket only: the other buckets of this platform hold access logs, which are written once and expire, so ${what} buys nothing there`,
  );

const dataRule = ruleFor('data');

/**
 * Configuration resources (`aws_s3_bucket_versioning`, ...) of a bucket: their `bucket` names it through a
 * reference, or through the same literal name, variable or local the bucket's own `bucket` is set to.
 */
function bucketConfigs(stack: StackModel, bucket: Block, type: string): Block[] {
  const name = bucket.body.bucket;
  return stack
    .resources(type)
    .filter(
      (config) => mentions(config.body.bucket, bucket.address) || (nonEmptyString(name) && config.body.bucket === name),
    );
}

/** A rule over the Terraform state bucket only: other buckets (logs) have other needs. */
function stateBucketRule(
  id: string,
  title: string,
  problem: (bucket: Block, stack: StackModel) => string | undefined,
  upstreamIds: Upstream[],
): Rule {
  return dataRule(
    id,
    title,
    [BUCKET],
    (bucket, stack) => (stack.holdsState(bucket) ? problem(bucket, stack) : undefined),
    upstreamIds,
  );
}

/** The default encryption algorithms a bucket declares, inline (provider 3 style) or as a resource. */
function sseAlgorithms(stack: StackModel, bucket: Block): unknown[] {
  const inline = blocks(bucket.body.server_side_encryption_configuration);
  const configs = [
    ...inline,
    ...bucketConfigs(stack, bucket, 'aws_s3_bucket_server_side_encryption_configuration').map((c) => c.body),
  ];
  return configs.flatMap((config) =>
    blocks(config.rule).map((rule) => at(rule, 'apply_server_side_encryption_by_default.sse_algorithm')),
  );
}

const isEveryone = (principals: Principal[]) =>
  principals.some((p) => (p.type === '*' || p.type === 'AWS') && p.identifiers.includes('*'));

/** An ARN entry that names the bucket: a reference to it, or its literal `arn:aws:s3:::<name>`. */
function namesBucket(resource: string, bucket: Block, suffix: '' | '/*'): boolean {
  const name = bucket.body.bucket;
  const literal = nonEmptyString(name) && resource === `arn:aws:s3:::${name}${suffix}`;
  const referenced = mentions(resource, bucket.address) && (suffix ? resource.endsWith('/*') : !resource.includes('/'));
  return literal || referenced;
}

/** cdk-nag's S10 statement: Deny s3:* (or *) to everyone on the bucket and its objects without TLS. */
function deniesInsecureTransport(statement: Statement, bucket: Block): boolean {
  return (
    statement.effect === 'Deny' &&
    statement.actions.some((a) => a === '*' || a === 's3:*') &&
    isEveryone(statement.principals) &&
    statement.conditions.some(
      (c) => c.test === 'Bool' && c.variable === 'aws:SecureTransport' && c.values.includes('false'),
    ) &&
    statement.resources.some((r) => namesBucket(r, bucket, '')) &&
    statement.resources.some((r) => namesBucket(r, bucket, '/*'))
  );
}

function tlsOnlyPolicy(stack: StackModel, bucket: Block): boolean {
  return bucketConfigs(stack, bucket, 'aws_s3_bucket_policy').some((policy) => {
    const reading = readPolicy(stack, policy.body.policy);
    return reading.ok && reading.statements.some((s) => deniesInsecureTransport(s, bucket));
  });
}

/** The DynamoDB scaling targets of a table that have a scaling policy. */
function scaledWithPolicy(stack: StackModel, table: Block): boolean {
  return stack
    .resources('aws_appautoscaling_target')
    .filter((t) => t.body.service_namespace === 'dynamodb' && mentions(t.body.resource_id, table.address))
    .some((target) =>
      stack
        .resources('aws_appautoscaling_policy')
        .some(
          (policy) =>
            mentions(policy.body.resource_id, target.address) || policy.body.resource_id === target.body.resource_id,
        ),
    );
}

export const dataRules: Rule[] = [
  dataRule(
    'CKV_AWS_28',
    'DynamoDB tables have point-in-time recovery.',
    ['aws_dynamodb_table'],
    (table) =>
      isTrue(at(table.body, 'point_in_time_recovery.enabled')) ? undefined : 'point_in_time_recovery is not enabled',
    [upstream('CKV_AWS_28', 'Ensure Dynamodb point in time recovery (backup) is enabled')],
  ),
  dataRule(
    'CKV_AWS_119',
    'DynamoDB tables enable server-side encryption with KMS (a customer key is optional).',
    ['aws_dynamodb_table'],
    (table) =>
      isTrue(at(table.body, 'server_side_encryption.enabled')) ? undefined : 'server_side_encryption is not enabled',
    [
      upstream(
        'CKV_AWS_119',
        'Ensure DynamoDB Tables are encrypted using a KMS Customer Managed CMK',
        laxer(
          'the AWS managed key (aws/dynamodb) is enough: it is KMS, logged in CloudTrail and rotated by AWS; a customer key adds a key policy to get wrong and a monthly fee, and no account but this one reads the table',
        ),
      ),
    ],
  ),
  dataRule(
    'CKV2_AWS_16',
    'DynamoDB tables bill PAY_PER_REQUEST, or have a scaling target with a scaling policy.',
    ['aws_dynamodb_table'],
    (table, stack) => {
      if (table.body.billing_mode === 'PAY_PER_REQUEST') return undefined;
      return scaledWithPolicy(stack, table)
        ? undefined
        : `billing_mode is ${table.body.billing_mode ?? 'PROVISIONED'} without a scaling target that has a scaling policy`;
    },
    [upstream('CKV2_AWS_16', 'Ensure that Auto Scaling is enabled on your DynamoDB tables')],
  ),
  dataRule(
    'CUSTOM_DDB_DELETION_PROTECTION',
    'In production, DynamoDB tables have deletion protection.',
    ['aws_dynamodb_table'],
    (table, stack) =>
      stack.production && !isTrue(table.body.deletion_protection_enabled)
        ? 'deletion_protection_enabled is not true in a production stack'
        : undefined,
  ),
  stateBucketRule(
    'CKV_AWS_21',
    'The state bucket is versioned (every state write can be rolled back).',
    (bucket, stack) => {
      const versioned =
        bucketConfigs(stack, bucket, 'aws_s3_bucket_versioning').some(
          (v) => at(v.body, 'versioning_configuration.status') === 'Enabled',
        ) || isTrue(at(bucket.body, 'versioning.enabled'));
      return versioned ? undefined : 'no aws_s3_bucket_versioning with status Enabled';
    },
    [
      upstream(
        'CKV_AWS_21',
        'Ensure all data stored in the S3 bucket have versioning enabled',
        STATE_BUCKET_ONLY('versioning'),
      ),
    ],
  ),
  dataRule(
    'CKV_AWS_19',
    'Buckets encrypt at rest with AES256, aws:kms or aws:kms:dsse; the state bucket declares its default encryption.',
    [BUCKET],
    (bucket, stack) => {
      const algorithms = sseAlgorithms(stack, bucket);
      const weak = algorithms.filter((a) => !SSE_ALGORITHMS.includes(String(a)));
      if (weak.length)
        return `default encryption algorithm ${weak.map((a) => JSON.stringify(a)).join(', ')} is not one of ${SSE_ALGORITHMS.join(', ')}`;
      return stack.holdsState(bucket) && algorithms.length === 0
        ? 'the state bucket declares no default server-side encryption'
        : undefined;
    },
    [
      upstream(
        'CKV_AWS_19',
        'Ensure all data stored in the S3 bucket is securely encrypted at rest',
        stricter(
          'the state bucket must declare its default encryption (Checkov accepts S3’s implicit SSE-S3), so the choice is reviewed where the state lives',
        ),
        laxer('aws:kms:dsse (dual-layer KMS, newer than Checkov’s list) counts as encrypted'),
      ),
    ],
  ),
  dataRule(
    'CKV2_AWS_6',
    'Every bucket has a public access block with all four settings true.',
    [BUCKET],
    (bucket, stack) => {
      const block = bucketConfigs(stack, bucket, 'aws_s3_bucket_public_access_block')[0];
      if (!block) return 'no aws_s3_bucket_public_access_block';
      const off = PUBLIC_ACCESS_FLAGS.filter(([flag]) => !isTrue(block.body[flag])).map(([flag]) => flag);
      return off.length ? `public access block leaves ${off.join(', ')} off` : undefined;
    },
    [
      upstream(
        'CKV2_AWS_6',
        'Ensure that S3 bucket has a Public Access block',
        stricter('all four settings must be true; Checkov wants block_public_acls and block_public_policy'),
      ),
      ...PUBLIC_ACCESS_FLAGS.map(([, id, means]) =>
        upstream(
          id,
          means,
          laxer(
            'a public access block is read through the bucket it protects; one whose bucket this stack does not declare is not checked (the finding is reported at the bucket)',
          ),
        ),
      ),
    ],
  ),
  dataRule(
    'NAG-S10',
    'Every bucket policy denies s3:* to everyone on the bucket and its objects when aws:SecureTransport is false.',
    [BUCKET],
    (bucket, stack) =>
      tlsOnlyPolicy(stack, bucket)
        ? undefined
        : 'no bucket policy denies s3:* to "*" on the bucket and its objects when aws:SecureTransport is false',
    [upstream('NAG-S10', 'AwsSolutions-S10: the S3 Bucket or bucket policy does not require requests to use SSL')],
  ),
  dataRule(
    'CKV2_AWS_61',
    'Every bucket has a lifecycle configuration; the state bucket’s expires noncurrent versions.',
    [BUCKET],
    (bucket, stack) => {
      const configs = bucketConfigs(stack, bucket, 'aws_s3_bucket_lifecycle_configuration');
      if (configs.length === 0) return 'no aws_s3_bucket_lifecycle_configuration';
      const expires = configs.some((c) =>
        blocks(c.body.rule).some((rule) => rule.status === 'Enabled' && firstBlock(rule.noncurrent_version_expiration)),
      );
      return stack.holdsState(bucket) && !expires
        ? 'the state bucket has no enabled lifecycle rule with noncurrent_version_expiration'
        : undefined;
    },
    [
      upstream(
        'CKV2_AWS_61',
        'Ensure that an S3 bucket has a lifecycle configuration',
        stricter('the versioned state bucket must expire noncurrent versions, so its history does not grow forever'),
      ),
    ],
  ),
  dataRule(
    'CKV_AWS_66',
    'Every log group sets retention_in_days to a value CloudWatch accepts.',
    ['aws_cloudwatch_log_group'],
    (group) => {
      const days = asNumber(group.body.retention_in_days);
      if (days === undefined || days === 0) return 'retention_in_days is not set: logs would be kept forever';
      return LOG_RETENTION_DAYS.includes(days)
        ? undefined
        : `retention_in_days ${days} is not a value CloudWatch accepts`;
    },
    [
      upstream(
        'CKV_AWS_66',
        'Ensure that CloudWatch Log Group specifies retention days',
        stricter('0 (never expire) fails, and the value must be one CloudWatch accepts'),
      ),
    ],
  ),
];
