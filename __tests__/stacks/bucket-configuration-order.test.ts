/**
 * S3 answers overlapping configuration calls on one bucket with 409 OperationAborted, so in every stack that
 * makes buckets, each bucket's configuration resources must run one after another: a chain of depends_on.
 */
import { Testing } from 'cdktf';
import { ci } from '../../config/environments';
import { StateStack } from '../../stacks/state-stack';
import { dev, prod, resourcesOf, stateBackend, synthPlatform, synthStack, type TerraformJson } from '../helpers';

/** The order the chain follows; versioning only where a bucket keeps versions. */
const CHAIN = [
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_policy',
];

/** Every S3 resource type that configures a bucket through its `bucket` argument. */
function configurationTypes(json: TerraformJson): string[] {
  return Object.keys(json.resource ?? {}).filter((type) => type.startsWith('aws_s3_bucket_'));
}

/** For each bucket: its configuration resources as `type.name` addresses, in chain order. */
function configurationsByBucket(json: TerraformJson): Map<string, { address: string; dependsOn: string[] }[]> {
  const byBucket = new Map<string, { address: string; dependsOn: string[] }[]>();
  for (const [bucket] of resourcesOf(json, 'aws_s3_bucket')) byBucket.set(bucket, []);
  for (const type of configurationTypes(json)) {
    for (const [name, block] of resourcesOf(json, type)) {
      const bucket = /^\$\{aws_s3_bucket\.([^.]+)\.(id|bucket)\}$/.exec(String(block.bucket))?.[1];
      if (bucket === undefined) throw new Error(`${type}.${name} does not name its bucket by reference`);
      byBucket.get(bucket)?.push({ address: `${type}.${name}`, dependsOn: (block.depends_on as string[]) ?? [] });
    }
  }
  for (const configurations of byBucket.values()) {
    configurations.sort((a, b) => CHAIN.indexOf(a.address.split('.')[0]) - CHAIN.indexOf(b.address.split('.')[0]));
  }
  return byBucket;
}

const stacks: [string, TerraformJson][] = [
  ['state', synthStack(new StateStack(Testing.app(), 'state', { stateBackend, environments: [dev, prod], ci }))],
  ['dev', synthPlatform(dev).json],
  ['prod', synthPlatform(prod).json],
];

describe.each(stacks)('bucket configuration order in stack %s', (_name, json) => {
  it('configures only with resource types the chain knows', () => {
    expect(configurationTypes(json).filter((type) => !CHAIN.includes(type))).toEqual([]);
    expect(resourcesOf(json, 'aws_s3_bucket').length).toBeGreaterThan(0);
  });

  it('applies each bucket’s configuration one after another, each after the one before it', () => {
    for (const [bucket, configurations] of configurationsByBucket(json)) {
      const types = configurations.map(({ address }) => address.split('.')[0]);
      expect({ bucket, types }).toEqual({
        bucket,
        types: CHAIN.filter((type) => type !== 'aws_s3_bucket_versioning' || types.includes(type)),
      });
      configurations.forEach(({ address, dependsOn }, index) => {
        const previous = configurations[index - 1]?.address;
        const sameBucketDependencies = dependsOn.filter((entry) => configurations.some((c) => c.address === entry));
        expect({ address, waitsFor: sameBucketDependencies }).toEqual({
          address,
          waitsFor: previous === undefined ? [] : [previous],
        });
      });
    }
  });
});
