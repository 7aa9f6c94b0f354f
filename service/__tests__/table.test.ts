import { randomUUID } from 'node:crypto';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { createTableInput, ensureTable } from '../src/store/create-table';
import { createDynamoClient } from '../src/store/dynamo-client';
import { LINKS_TABLE } from '../src/table-schema';
import { startDynalite, type RunningDynalite } from './helpers/dynalite';
import './helpers/service';

let store: RunningDynalite;
beforeAll(async () => (store = await startDynalite()));
afterAll(() => store.stop());

it('createTableInput keys the table by LINKS_TABLE, on demand', () => {
  expect(LINKS_TABLE.partitionKey).toEqual({ name: 'pk', type: 'S' });
  expect(createTableInput('links')).toEqual({
    TableName: 'links',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  });
});

it('ensureTable creates the table once and accepts that it exists afterwards', async () => {
  const client = createDynamoClient({ region: 'us-east-1', endpoint: store.endpoint });
  const tableName = `table-${randomUUID()}`;
  await ensureTable(client, tableName);
  await ensureTable(client, tableName);
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  expect(Table?.TableStatus).toBe('ACTIVE');
  expect(Table?.KeySchema).toEqual([{ AttributeName: LINKS_TABLE.partitionKey.name, KeyType: 'HASH' }]);
  expect(Table?.GlobalSecondaryIndexes).toBeUndefined();
  client.destroy();
});
