import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { PrivateBucket, type BucketGrant } from '../shared/private-bucket';

export interface StateBucketProps {
  /** Globally unique name; every platform stack's S3 backend points at it. */
  readonly bucketName: string;
  /**
   * Days an overwritten state version is kept for recovery.
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Bucket-policy grants for principals in other accounts (CI roles of environments kept elsewhere).
   * @default none: principals of the bucket's own account need only their identity policies
   */
  readonly grants?: readonly BucketGrant[];
  /**
   * Provider of the bucket's account.
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The Terraform state bucket: versioned (recover from a bad apply), encrypted, private, TLS-only, and
 * protected from `terraform destroy`. Locking uses S3 lockfiles (`use_lockfile`), so no DynamoDB lock table.
 */
export class StateBucket extends Construct {
  readonly bucket;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    this.bucket = new PrivateBucket(this, 'bucket', {
      bucketName: props.bucketName,
      versioned: true,
      noncurrentVersionExpirationDays: props.noncurrentVersionRetentionDays ?? 90,
      preventDestroy: true,
      grants: props.grants,
      provider: props.provider,
    }).bucket;
  }
}
