import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Link } from '../links/link';
import { LINKS_TABLE } from '../table-schema';
import type { LinkStore } from './link-store';
import { conditional, unconditional } from './store-errors';

const PK = LINKS_TABLE.partitionKey.name;
const TTL = LINKS_TABLE.ttlAttribute;

/** A link is one item: `pk = <slug>`, its expiry doubling as the TTL attribute (both are epoch seconds). */
export class DynamoLinkStore implements LinkStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(slug: string): Promise<Link | undefined> {
    const { Item } = await unconditional('GetItem', () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: { [PK]: slug } })),
    );
    return Item === undefined ? undefined : fromItem(Item);
  }

  putIfAbsent(link: Link, nowMs: number): Promise<boolean> {
    return conditional('PutItem', () =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { [PK]: link.slug, url: link.url, createdAt: link.createdAt, [TTL]: link.expiresAt },
          // An expired link frees its slug even before TTL has deleted it.
          ConditionExpression: 'attribute_not_exists(#pk) OR #ttl <= :nowSeconds',
          ExpressionAttributeNames: { '#pk': PK, '#ttl': TTL },
          ExpressionAttributeValues: { ':nowSeconds': Math.floor(nowMs / 1000) },
        }),
      ),
    );
  }

  async delete(slug: string): Promise<Link | undefined> {
    const { Attributes } = await unconditional('DeleteItem', () =>
      this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { [PK]: slug }, ReturnValues: 'ALL_OLD' })),
    );
    return Attributes === undefined ? undefined : fromItem(Attributes);
  }
}

export function fromItem(item: Record<string, unknown>): Link {
  const expiresAt = item[TTL];
  return {
    slug: String(item[PK]),
    url: String(item.url),
    createdAt: String(item.createdAt),
    ...(typeof expiresAt === 'number' ? { expiresAt } : {}),
  };
}
