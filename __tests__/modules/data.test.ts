import { Data } from '../../modules/data';
import { LINKS_TABLE, type TableSchema } from '../../service/src/table-schema';
import { onlyResource, synthScope } from '../helpers';

function synthData(deletionProtection?: boolean, tableSchema: TableSchema = LINKS_TABLE) {
  return synthScope((scope) => new Data(scope, 'data', { name: 'links', tableSchema, deletionProtection }));
}

describe('data module', () => {
  it('builds the table from the service schema: keys, attributes and TTL attribute', () => {
    const table = onlyResource(synthData(), 'aws_dynamodb_table');
    expect(table.hash_key).toBe(LINKS_TABLE.partitionKey.name);
    expect(table.attribute).toEqual([{ name: LINKS_TABLE.partitionKey.name, type: LINKS_TABLE.partitionKey.type }]);
    expect(table.ttl).toEqual({ attribute_name: LINKS_TABLE.ttlAttribute, enabled: true });
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
    const table = onlyResource(synthData(true, schema), 'aws_dynamodb_table');
    expect(table.attribute).toEqual([
      { name: 'pk', type: 'S' },
      { name: 'owner', type: 'S' },
      { name: 'created', type: 'N' },
    ]);
    expect(table.global_secondary_index).toEqual([
      { name: 'by-owner', hash_key: 'owner', range_key: 'created', projection_type: 'KEYS_ONLY' },
      { name: 'by-owner-all', hash_key: 'owner', projection_type: 'ALL' },
    ]);
  });

  it('is on-demand, with point-in-time recovery, explicit SSE and prevent_destroy', () => {
    expect(onlyResource(synthData(), 'aws_dynamodb_table')).toMatchObject({
      billing_mode: 'PAY_PER_REQUEST',
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      lifecycle: { prevent_destroy: true },
    });
  });

  it('protects the table from deletion by default, and lets a caller turn that off', () => {
    expect(onlyResource(synthData(), 'aws_dynamodb_table').deletion_protection_enabled).toBe(true);
    expect(onlyResource(synthData(false), 'aws_dynamodb_table').deletion_protection_enabled).toBe(false);
  });
});
