import { Construct } from 'constructs';
import { PrivateBucket } from '../shared/private-bucket';

export interface StateBucketProps {
  /** Globally unique name; every platform stack's S3 backend points at it. */
  readonly bucketName: string;
  /**
   * Days an overwritten state version is kept for recovery.
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;
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
    }).bucket;
  }
}
