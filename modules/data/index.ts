import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';
import { keyAttributes, type TableSchema } from '../../service/src/table-schema';

export interface DataProps {
  /** Name of the table. */
  readonly name: string;
  /** Key schema, indexes and TTL attribute: the service's own definition (service/src/table-schema.ts). */
  readonly tableSchema: TableSchema;
  /**
   * Refuse `DeleteTable` in AWS itself (CloudFormation, console, CLI), on top of Terraform's `prevent_destroy`;
   * only throwaway environments turn it off.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * The data tier: the links table. It is stateful, so it refuses `terraform destroy` (`prevent_destroy`); remove
 * that deliberately to tear an environment down.
 */
export class Data extends Construct {
  readonly table: DynamodbTable;

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
  }

  /** ARNs the service's task role may act on: the table and its indexes, nothing else. */
  get tableResourceArns(): string[] {
    return [this.table.arn, `${this.table.arn}/index/*`];
  }
}
