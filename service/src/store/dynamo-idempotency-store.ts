import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Link } from '../links/link';
import { linkFromItem } from './dynamo-link-store';
import type { IdempotencyRecord, IdempotencyStore } from './idempotency-store';
import { PK, TTL, type LinksTable } from './links-table';
import { StoredItemInvalidError } from './store-errors';

/** `#` is not a slug character, so these items never meet a link's key. */
const IDEMPOTENCY_KEY_PREFIX = 'idem#';
/** How long a key is remembered: long enough for any client's retries, short enough to keep the table lean. */
export const IDEMPOTENCY_RETENTION_SECONDS = 24 * 60 * 60;

/**
 * Idempotency records share the links table (`pk = idem#<SHA-256 of the key>`: the key itself, which the token
 * is derived from, is never stored). Every transition is one conditional write: the store has no transactions
 * to lean on (and dynalite, used locally, has none), so the create is designed to be correct whichever single
 * write fails (see links/create-link.ts).
 */
export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(private readonly table: LinksTable) {}

  async claim(keyHash: string, record: IdempotencyRecord, nowMs: number) {
    const item = {
      [PK]: pk(keyHash),
      fingerprint: record.fingerprint,
      seed: record.seed,
      claimedAt: record.claimedAt,
      slugAttempt: record.slugAttempt,
      [TTL]: Math.floor(nowMs / 1000) + IDEMPOTENCY_RETENTION_SECONDS,
    };
    if (await this.table.putIfFree(item, nowMs)) return { record, claimed: true };
    const holder = await this.table.getItem(pk(keyHash), true);
    if (holder === undefined) return undefined;
    const expired = typeof holder[TTL] === 'number' && Number(holder[TTL]) * 1000 <= nowMs;
    return expired ? undefined : { record: recordFromItem(holder), claimed: false };
  }

  async advance(keyHash: string, seed: string, attempt: number): Promise<void> {
    // A concurrent retry that moved further already is as good: the condition only keeps the count from going back.
    await this.update(
      keyHash,
      seed,
      { expression: 'SET #slugAttempt = :next', condition: '#slugAttempt <= :attempt' },
      { '#slugAttempt': 'slugAttempt' },
      { ':next': attempt + 1, ':attempt': attempt },
    );
  }

  async complete(keyHash: string, seed: string, link: Link): Promise<void> {
    await this.update(
      keyHash,
      seed,
      { expression: 'SET #link = :link', condition: 'attribute_not_exists(#link)' },
      { '#link': 'link' },
      { ':link': link },
    );
  }

  async release(keyHash: string, seed: string): Promise<void> {
    await this.table.conditional('DeleteItem', (abortSignal) =>
      this.table.client.send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: { [PK]: pk(keyHash) },
          ConditionExpression: '#seed = :seed AND attribute_not_exists(#link)',
          ExpressionAttributeNames: { '#seed': 'seed', '#link': 'link' },
          ExpressionAttributeValues: { ':seed': seed },
        }),
        { abortSignal },
      ),
    );
  }

  /** One conditional update of our own record (same seed); a failed condition means there is nothing to do. */
  private async update(
    keyHash: string,
    seed: string,
    update: { readonly expression: string; readonly condition: string },
    names: Record<string, string>,
    values: Record<string, unknown>,
  ): Promise<void> {
    await this.table.conditional('UpdateItem', (abortSignal) =>
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: { [PK]: pk(keyHash) },
          UpdateExpression: update.expression,
          ConditionExpression: `#seed = :seed AND ${update.condition}`,
          ExpressionAttributeNames: { '#seed': 'seed', ...names },
          ExpressionAttributeValues: { ':seed': seed, ...values },
        }),
        { abortSignal },
      ),
    );
  }
}

function pk(keyHash: string): string {
  return `${IDEMPOTENCY_KEY_PREFIX}${keyHash}`;
}

function recordFromItem(item: Record<string, unknown>): IdempotencyRecord {
  const key = String(item[PK]);
  const { fingerprint, seed, claimedAt, slugAttempt, link } = item;
  if (typeof fingerprint !== 'string' || typeof seed !== 'string' || !Number.isSafeInteger(claimedAt)) {
    throw new StoredItemInvalidError(key, 'not an idempotency record (fingerprint, seed, claimedAt)');
  }
  const stored = typeof link === 'object' && link !== null ? (link as Record<string, unknown>) : undefined;
  const parsedLink = stored === undefined ? undefined : linkFromItem(String(stored.slug), stored);
  return {
    fingerprint,
    seed,
    claimedAt: claimedAt as number,
    slugAttempt: Number.isSafeInteger(slugAttempt) ? (slugAttempt as number) : 0,
    ...(parsedLink === undefined ? {} : { link: parsedLink }),
  };
}
