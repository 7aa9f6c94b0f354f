import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Link } from '../links/link';
import type { ClaimResult, IdempotencyRecord, IdempotencyStore } from './idempotency-store';
import { PK, putIfFree, TTL } from './links-table';
import { conditional, unconditional } from './store-errors';

/** `#` is not a slug character, so these items never meet a link's key. */
const IDEMPOTENCY_KEY_PREFIX = 'idem#';
/** How long a key is remembered: long enough for any client's retries, short enough to keep the table lean. */
const IDEMPOTENCY_RETENTION_SECONDS = 24 * 60 * 60;
const NAMES = { '#claimId': 'claimId', '#link': 'link' };

/**
 * Idempotency records share the links table (`pk = idem#<key>`). Every transition is one conditional write,
 * since the store has no transactions to lean on (and dynalite, used locally, has none).
 */
export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(key: string, record: IdempotencyRecord, nowMs: number): Promise<ClaimResult> {
    const claimed = await putIfFree(this.client, this.tableName, this.item(key, record, nowMs), nowMs);
    if (claimed) return { claimed };
    const { Item } = await unconditional('GetItem', () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: { [PK]: pk(key) }, ConsistentRead: true })),
    );
    return { claimed, holder: Item === undefined ? undefined : fromItem(Item) };
  }

  takeOver(key: string, staleClaimId: string, record: IdempotencyRecord, nowMs: number): Promise<boolean> {
    return conditional('PutItem', () =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(key, record, nowMs),
          ConditionExpression: '#claimId = :stale AND attribute_not_exists(#link)',
          ExpressionAttributeNames: NAMES,
          ExpressionAttributeValues: { ':stale': staleClaimId },
        }),
      ),
    );
  }

  complete(key: string, claimId: string, link: Link): Promise<boolean> {
    return conditional('UpdateItem', () =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: pk(key) },
          UpdateExpression: 'SET #link = :link',
          ConditionExpression: '#claimId = :mine',
          ExpressionAttributeNames: NAMES,
          ExpressionAttributeValues: { ':link': link, ':mine': claimId },
        }),
      ),
    );
  }

  async release(key: string, claimId: string): Promise<void> {
    await conditional('DeleteItem', () =>
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { [PK]: pk(key) },
          ConditionExpression: '#claimId = :mine',
          ExpressionAttributeNames: { '#claimId': NAMES['#claimId'] },
          ExpressionAttributeValues: { ':mine': claimId },
        }),
      ),
    );
  }

  private item(key: string, record: IdempotencyRecord, nowMs: number): Record<string, unknown> {
    return {
      [PK]: pk(key),
      fingerprint: record.fingerprint,
      claimId: record.claimId,
      claimedAt: record.claimedAt,
      [TTL]: Math.floor(nowMs / 1000) + IDEMPOTENCY_RETENTION_SECONDS,
    };
  }
}

function pk(key: string): string {
  return `${IDEMPOTENCY_KEY_PREFIX}${key}`;
}

function fromItem(item: Record<string, unknown>): IdempotencyRecord {
  const link = item.link as Link | undefined;
  return {
    fingerprint: String(item.fingerprint),
    claimId: String(item.claimId),
    claimedAt: Number(item.claimedAt),
    ...(link === undefined ? {} : { link }),
  };
}
