import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LINKS_TABLE } from '../table-schema';
import { conditional } from './store-errors';

/** Attribute names every store of the links table writes. */
export const PK = LINKS_TABLE.partitionKey.name;
export const TTL = LINKS_TABLE.ttlAttribute;

/**
 * Writes `item` only if its key is free: no item there, or one whose TTL has passed (DynamoDB deletes expired
 * items only eventually, and an expired link or idempotency record must free its key at once). True when written.
 */
export function putIfFree(
  client: DynamoDBDocumentClient,
  tableName: string,
  item: Record<string, unknown>,
  nowMs: number,
): Promise<boolean> {
  return conditional('PutItem', () =>
    client.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#pk) OR #ttl <= :nowSeconds',
        ExpressionAttributeNames: { '#pk': PK, '#ttl': TTL },
        ExpressionAttributeValues: { ':nowSeconds': Math.floor(nowMs / 1000) },
      }),
    ),
  );
}
