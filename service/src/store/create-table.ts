import {
  CreateTableCommand,
  DescribeTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { keyAttributes, LINKS_TABLE, type KeyAttribute } from '../table-schema';

/** CreateTable input for LINKS_TABLE: what the local bootstrap and the tests create, as modules/data does. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, globalSecondaryIndexes } = LINKS_TABLE;
  const keySchema = (hash: KeyAttribute, range?: KeyAttribute) => [
    { AttributeName: hash.name, KeyType: 'HASH' as const },
    ...(range === undefined ? [] : [{ AttributeName: range.name, KeyType: 'RANGE' as const }]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributes(LINKS_TABLE).map((key) => ({
      AttributeName: key.name,
      AttributeType: key.type,
    })),
    KeySchema: keySchema(partitionKey, sortKey),
    ...(globalSecondaryIndexes.length === 0
      ? {}
      : {
          GlobalSecondaryIndexes: globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: index.projectionType },
          })),
        }),
  };
}

/**
 * Creates the table unless it exists, then waits until it is ACTIVE. The TTL setting is left alone:
 * dynalite has no UpdateTimeToLive, and the service enforces expiry on read anyway.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string, timeoutMs = 10_000): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline)
      throw new Error(`table ${tableName} is still ${Table?.TableStatus} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
