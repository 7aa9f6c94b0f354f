import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Testing } from 'cdktf';
import { Data } from '../../modules/data';
import { LINKS_TABLE, type TableSchema } from '../../service/src/table-schema';
import { readStack } from '../helpers';

Testing.setupJest();

function synthData(deletionProtection?: boolean, tableSchema: TableSchema = LINKS_TABLE): string {
  return Testing.synthScope((scope) => new Data(scope, 'data', { name: 'links', tableSchema, deletionProtection }));
}

describe('data module', () => {
  it('builds the table from the service schema: keys, attributes and TTL attribute', () => {
    expect(synthData()).toHaveResourceWithProperties(DynamodbTable, {
      name: 'links',
      hash_key: LINKS_TABLE.partitionKey.name,
      attribute: [{ name: LINKS_TABLE.partitionKey.name, type: LINKS_TABLE.partitionKey.type }],
      ttl: { attribute_name: LINKS_TABLE.ttlAttribute, enabled: true },
    });
  });

  it('declares each GSI and its key attributes once', () => {
    const schema: TableSchema = {
      ...LINKS_TABLE,
      globalSecondaryIndexes: [
        {
          indexName: 'by-owner',
          partitionKey: { name: 'owner', type: 'S' },
          sortKey: { name: 'created', type: 'N' },
          projectionType: 'KEYS_ONLY',
        },
        { indexName: 'by-owner-all', partitionKey: { name: 'owner', type: 'S' }, projectionType: 'ALL' },
      ],
    };
    expect(synthData(true, schema)).toHaveResourceWithProperties(DynamodbTable, {
      attribute: [
        { name: 'pk', type: 'S' },
        { name: 'owner', type: 'S' },
        { name: 'created', type: 'N' },
      ],
      global_secondary_index: [
        { name: 'by-owner', hash_key: 'owner', range_key: 'created', projection_type: 'KEYS_ONLY' },
        { name: 'by-owner-all', hash_key: 'owner', projection_type: 'ALL' },
      ],
    });
  });

  it('is one on-demand table, with point-in-time recovery, explicit SSE and prevent_destroy', () => {
    const synthesized = synthData();
    expect(synthesized).toHaveResourceWithProperties(DynamodbTable, {
      billing_mode: 'PAY_PER_REQUEST',
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      lifecycle: { prevent_destroy: true },
    });
    expect(readStack(synthesized).blocks.map((block) => block.type)).toEqual(['aws_dynamodb_table']);
  });

  it('protects the table from deletion by default, and lets a caller turn that off', () => {
    expect(synthData()).toHaveResourceWithProperties(DynamodbTable, { deletion_protection_enabled: true });
    expect(synthData(false)).toHaveResourceWithProperties(DynamodbTable, { deletion_protection_enabled: false });
    expect(synthData(false)).not.toHaveResourceWithProperties(DynamodbTable, { deletion_protection_enabled: true });
  });
});
