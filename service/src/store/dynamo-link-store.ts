import { DeleteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Link } from '../links/link';
import type { LinkStore } from './link-store';
import { PK, putIfFree, TTL } from './links-table';
import { unconditional } from './store-errors';

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

  /** An expired link frees its slug even before TTL has deleted it. */
  putIfAbsent(link: Link, nowMs: number): Promise<boolean> {
    const item = { [PK]: link.slug, url: link.url, createdAt: link.createdAt, [TTL]: link.expiresAt };
    return putIfFree(this.client, this.tableName, item, nowMs);
  }

  async delete(slug: string): Promise<Link | undefined> {
    const { Attributes } = await unconditional('DeleteItem', () =>
      this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { [PK]: slug }, ReturnValues: 'ALL_OLD' })),
    );
    return Attributes === undefined ? undefined : fromItem(Attributes);
  }
}

function fromItem(item: Record<string, unknown>): Link {
  const expiresAt = item[TTL];
  return {
    slug: String(item[PK]),
    url: String(item.url),
    createdAt: String(item.createdAt),
    ...(typeof expiresAt === 'number' ? { expiresAt } : {}),
  };
}
