import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { PolicyStatement } from './iam';

export interface BucketGrant extends PolicyStatement {
  /**
   * Service principals the statement allows (log delivery services).
   * @default none
   */
  readonly servicePrincipals?: string[];
  /**
   * AWS account principals (the regional ELB account in older Regions).
   * @default none
   */
  readonly awsPrincipals?: string[];
}

export interface PrivateBucketProps {
  /**
   * Exact bucket name.
   * @default a prefix from `bucketPrefix` and a Terraform-made suffix
   */
  readonly bucketName?: string;
  /**
   * Name prefix, used when `bucketName` is not given.
   * @default none: Terraform makes the whole name
   */
  readonly bucketPrefix?: string;
  /**
   * Keep old versions (state files need them to recover from a bad write).
   * @default false
   */
  readonly versioned?: boolean;
  /**
   * Delete current objects after this many days (logs).
   * @default never
   */
  readonly expirationDays?: number;
  /**
   * Delete noncurrent versions after this many days.
   * @default 90 when versioned
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * `BucketOwnerEnforced` disables ACLs; CloudFront standard logs still need ACLs, so their bucket passes
   * `BucketOwnerPreferred`.
   * @default 'BucketOwnerEnforced', the secure choice
   */
  readonly objectOwnership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred';
  /**
   * Extra bucket-policy statements (log delivery). The TLS-only deny is always added.
   * @default none
   */
  readonly grants?: readonly BucketGrant[];
  /**
   * Refuse `terraform destroy` of the bucket.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Allow deleting a non-empty bucket on destroy.
   * @default false (data is never dropped silently)
   */
  readonly forceDestroy?: boolean;
  /**
   * Provider (and so Region) of the bucket and its settings.
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An S3 bucket that is private, encrypted (SSE-S3, which every AWS log-delivery service supports), TLS-only,
 * and expires what it no longer needs.
 */
export class PrivateBucket extends Construct {
  readonly bucket: S3Bucket;
  /** Writers that need ACLs (CloudFront logs) depend on it: ACLs work only once ownership allows them. */
  readonly ownershipControls: S3BucketOwnershipControls;
  /** Log delivery checks the bucket policy when it is set up, so log producers depend on it. */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    const provider = props.provider;
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      bucketPrefix: props.bucketName ? undefined : props.bucketPrefix,
      forceDestroy: props.forceDestroy ?? false,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
      provider,
    });
    const bucketId = this.bucket.id;
    // S3 answers overlapping configuration calls on one bucket with 409 OperationAborted (provider issues #7628,
    // #26805, #36873), so each setting waits for the one before it: public access block, ownership, encryption,
    // versioning, lifecycle, then the policy (which S3 checks against the public access block).
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
      provider,
    });
    this.ownershipControls = new S3BucketOwnershipControls(this, 'ownership', {
      bucket: bucketId,
      rule: { objectOwnership: props.objectOwnership ?? 'BucketOwnerEnforced' },
      dependsOn: [publicAccessBlock],
      provider,
    });
    const encryption = new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: bucketId,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: true }],
      dependsOn: [this.ownershipControls],
      provider,
    });
    const versioning = props.versioned
      ? new S3BucketVersioningA(this, 'versioning', {
          bucket: bucketId,
          versioningConfiguration: { status: 'Enabled' },
          dependsOn: [encryption],
          provider,
        })
      : undefined;
    const lifecycle = new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: bucketId,
      rule: [
        {
          id: 'expire-old-data',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          expiration: props.expirationDays ? [{ days: props.expirationDays }] : undefined,
          noncurrentVersionExpiration: props.versioned
            ? [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }]
            : undefined,
        },
      ],
      // Also the provider's documented order: noncurrent-version rules apply only once versioning is on.
      dependsOn: [versioning ?? encryption],
      provider,
    });
    const policy = new DataAwsIamPolicyDocument(this, 'policy-document', {
      statement: [
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          actions: ['s3:*'],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          principals: [{ type: '*', identifiers: ['*'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
        ...(props.grants ?? []).map((grant) => ({
          sid: grant.sid,
          effect: 'Allow',
          actions: grant.actions,
          resources: grant.resources,
          principals: [
            ...(grant.servicePrincipals ? [{ type: 'Service', identifiers: grant.servicePrincipals }] : []),
            ...(grant.awsPrincipals ? [{ type: 'AWS', identifiers: grant.awsPrincipals }] : []),
          ],
          condition: grant.conditions,
        })),
      ],
      provider,
    });
    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket: bucketId,
      policy: policy.json,
      // Last in the chain above.
      dependsOn: [lifecycle],
      provider,
    });
  }
}
