import { LOG_RETENTION_DAYS } from '../../lib/log-retention';
import { asNumber, at, blocks, firstBlock, isTrue } from '../../lib/terraform-json/attributes';
import { readPolicy } from '../model/iam-policy';
import { mentions } from '../../lib/terraform-json/references';
import type { Block, StackModel } from '../model/stack';
import { type Rule, ruleFor } from '../rule';

const PUBLIC_ACCESS_FLAGS = [
  'block_public_acls',
  'block_public_policy',
  'ignore_public_acls',
  'restrict_public_buckets',
];
const SSE_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];

const dataRule = ruleFor('data');

/** Configuration resources (`aws_s3_bucket_versioning`, ...) whose `bucket` names this bucket. */
function bucketConfigs(stack: StackModel, bucket: Block, type: string): Block[] {
  return stack.referrers(bucket, 'bucket', type);
}

/** A rule over the Terraform state bucket only: other buckets (logs) have other needs. */
function stateBucketRule(
  id: string,
  title: string,
  problem: (bucket: Block, stack: StackModel) => string | undefined,
  related?: string[],
): Rule {
  return dataRule(
    id,
    title,
    ['aws_s3_bucket'],
    (bucket, stack) => (stack.holdsState(bucket) ? problem(bucket, stack) : undefined),
    related,
  );
}

function tlsOnlyPolicy(stack: StackModel, bucket: Block): boolean {
  return bucketConfigs(stack, bucket, 'aws_s3_bucket_policy').some((policy) => {
    const reading = readPolicy(stack, policy.body.policy);
    return (
      reading.ok &&
      reading.statements.some(
        (s) =>
          s.effect === 'Deny' &&
          s.actions.some((a) => a === '*' || a === 's3:*') &&
          s.resources.some((r) => mentions(r, bucket.address) && r.endsWith('/*')) &&
          s.conditions.some(
            (c) => c.test === 'Bool' && c.variable === 'aws:SecureTransport' && c.values.includes('false'),
          ),
      )
    );
  });
}

export const dataRules: Rule[] = [
  dataRule('CKV_AWS_28', 'DynamoDB tables have point-in-time recovery.', ['aws_dynamodb_table'], (table) =>
    isTrue(at(table.body, 'point_in_time_recovery.enabled')) ? undefined : 'point_in_time_recovery is not enabled',
  ),
  dataRule(
    'CKV_AWS_119',
    'DynamoDB tables enable server-side encryption with KMS (a customer key is optional).',
    ['aws_dynamodb_table'],
    (table) =>
      isTrue(at(table.body, 'server_side_encryption.enabled')) ? undefined : 'server_side_encryption is not enabled',
  ),
  dataRule(
    'CKV2_AWS_16',
    'DynamoDB tables bill PAY_PER_REQUEST or have autoscaling.',
    ['aws_dynamodb_table'],
    (table, stack) => {
      if (table.body.billing_mode === 'PAY_PER_REQUEST') return undefined;
      const scaled = stack
        .resources('aws_appautoscaling_target')
        .some((t) => t.body.service_namespace === 'dynamodb' && mentions(t.body.resource_id, table.address));
      return scaled ? undefined : `billing_mode is ${table.body.billing_mode ?? 'PROVISIONED'} without autoscaling`;
    },
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
  ),
  stateBucketRule('CKV_AWS_19', 'The state bucket is encrypted at rest by default.', (bucket, stack) => {
    const encrypted = bucketConfigs(stack, bucket, 'aws_s3_bucket_server_side_encryption_configuration').some((c) =>
      blocks(c.body.rule).some((rule) =>
        SSE_ALGORITHMS.includes(String(at(rule, 'apply_server_side_encryption_by_default.sse_algorithm'))),
      ),
    );
    return encrypted ? undefined : 'no default server-side encryption configuration';
  }),
  stateBucketRule(
    'CKV2_AWS_6',
    'The state bucket has a public access block with all four settings true.',
    (bucket, stack) => {
      const block = bucketConfigs(stack, bucket, 'aws_s3_bucket_public_access_block')[0];
      if (!block) return 'no aws_s3_bucket_public_access_block';
      const off = PUBLIC_ACCESS_FLAGS.filter((flag) => !isTrue(block.body[flag]));
      return off.length ? `public access block leaves ${off.join(', ')} off` : undefined;
    },
    ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
  ),
  stateBucketRule(
    'NAG-S10',
    'The state bucket policy denies requests without TLS (aws:SecureTransport false).',
    (bucket, stack) =>
      tlsOnlyPolicy(stack, bucket)
        ? undefined
        : 'no bucket policy denies s3:* on its objects when aws:SecureTransport is false',
  ),
  stateBucketRule(
    'CKV2_AWS_61',
    'The state bucket expires noncurrent versions (a lifecycle rule), so history does not grow forever.',
    (bucket, stack) => {
      const expires = bucketConfigs(stack, bucket, 'aws_s3_bucket_lifecycle_configuration').some((c) =>
        blocks(c.body.rule).some((rule) => rule.status === 'Enabled' && firstBlock(rule.noncurrent_version_expiration)),
      );
      return expires ? undefined : 'no enabled lifecycle rule with noncurrent_version_expiration';
    },
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
  ),
];
