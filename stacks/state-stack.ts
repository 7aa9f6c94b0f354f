import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { StateBackendConfig } from '../config/types';
import { validateStateBackend } from '../config/validate';
import { StateBucket } from '../modules/state-bucket';
import { defaultTags } from './tags';

/**
 * Relative to the stack's folder (cdktf.out/stacks/state): the project root. Outside cdktf.out, which synth
 * rewrites, and git-ignored (*.tfstate).
 */
export const STATE_STACK_STATE_FILE = '../../../terraform.state.tfstate';

/**
 * Once per account: the S3 bucket that holds every other stack's state. It cannot store its own state
 * before it exists, so this one stack keeps a local backend: keep that file safe (never commit it), or
 * migrate it into the bucket after the first apply.
 */
export class StateStack extends TerraformStack {
  readonly bucket: StateBucket;

  constructor(scope: Construct, id: string, config: StateBackendConfig) {
    super(scope, id);
    validateStateBackend(config);
    new LocalBackend(this, { path: STATE_STACK_STATE_FILE });
    new AwsProvider(this, 'aws', {
      region: config.region,
      allowedAccountIds: [config.accountId],
      defaultTags: [{ tags: defaultTags('state') }],
    });
    this.bucket = new StateBucket(this, 'state-bucket', {
      bucketName: config.bucket,
      noncurrentVersionRetentionDays: config.noncurrentVersionRetentionDays,
    });
    new TerraformOutput(this, 'state_bucket_name', {
      value: this.bucket.bucket.bucket,
      description: "Bucket that holds the platform stacks' Terraform state",
    });
  }
}
