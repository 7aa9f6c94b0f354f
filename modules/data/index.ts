import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Construct } from 'constructs';
import { keyAttributes, type TableSchema } from '../../service/src/table-schema';

export interface DataProps {
  /** Name of the table and the repository. */
  readonly name: string;
  /** Key schema, indexes and TTL attribute: the service's own definition (service/src/table-schema.ts). */
  readonly tableSchema: TableSchema;
  /**
   * Refuse `DeleteTable` in AWS itself (CloudFormation, console, CLI), on top of Terraform's `prevent_destroy`.
   * Default: true; only throwaway environments turn it off.
   */
  readonly deletionProtection?: boolean;
  /**
   * Images kept in the repository; older ones expire. Default: 100, far more than the releases a rollback reaches
   * back to (tags are immutable: an expired image cannot be pushed again under its tag).
   */
  readonly keepImages?: number;
  /** Days an untagged image (a failed or superseded push) is kept. Default: 7. */
  readonly untaggedImageDays?: number;
}

/**
 * The data tier: the links table and the repository the service's images come from. Both are stateful, so
 * both refuse `terraform destroy` (`prevent_destroy`); remove that deliberately to tear an environment down.
 */
export class Data extends Construct {
  readonly table: DynamodbTable;
  readonly repository: EcrRepository;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    const schema = props.tableSchema;

    this.table = new DynamodbTable(this, 'table', {
      name: props.name,
      // On-demand: no capacity to guess or autoscale; it absorbs spikes a redirect service sees.
      billingMode: 'PAY_PER_REQUEST',
      hashKey: schema.partitionKey.name,
      rangeKey: schema.sortKey?.name,
      attribute: keyAttributes(schema).map(({ name, type }) => ({ name, type })),
      globalSecondaryIndex: schema.globalSecondaryIndexes.map((index) => ({
        name: index.indexName,
        hashKey: index.partitionKey.name,
        rangeKey: index.sortKey?.name,
        projectionType: index.projectionType,
      })),
      ttl: { attributeName: schema.ttlAttribute, enabled: true },
      pointInTimeRecovery: { enabled: true },
      // Explicit SSE with the AWS managed key (aws/dynamodb): auditable in CloudTrail, no key to operate.
      // A customer managed key adds cost and a key policy to run, for no requirement this service has.
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: props.deletionProtection ?? true,
      lifecycle: { preventDestroy: true },
    });

    this.repository = new EcrRepository(this, 'repository', {
      name: props.name,
      // Immutable tags: a deployed tag always means the same image, so rollbacks are exact.
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'AES256' }],
      forceDelete: false,
      lifecycle: { preventDestroy: true },
    });
    new EcrLifecyclePolicy(this, 'repository-lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Expire untagged images after ${props.untaggedImageDays ?? 7} days`,
            selection: {
              tagStatus: 'untagged',
              countType: 'sinceImagePushed',
              countUnit: 'days',
              countNumber: props.untaggedImageDays ?? 7,
            },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            description: `Keep the newest ${props.keepImages ?? 100} images`,
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: props.keepImages ?? 100 },
            action: { type: 'expire' },
          },
        ],
      }),
    });
  }

  /** ARNs the service's task role may act on: the table and its indexes, nothing else. */
  get tableResourceArns(): string[] {
    return [this.table.arn, `${this.table.arn}/index/*`];
  }
}
