import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Link } from '../links/link';
import { isSafeLocation } from '../validation/target-url';
import type { LinkStore, Occupant } from './link-store';
import { PK, TTL, type LinksTable } from './links-table';
import { StoredItemInvalidError } from './store-errors';

const SECONDS_PER_DAY = 86_400;
/** The idempotency owner of a link (hash of its Idempotency-Key): a retry may rewrite its own link. */
const OWNER = 'owner';
const RETIRED_AT = 'retiredAt';

export interface DynamoLinkStoreOptions {
  /** How long a deleted or expired slug stays retired (RETIRED_SLUG_DAYS). */
  readonly retiredSlugDays: number;
}

/**
 * A link is one item: `pk = <slug>`, `url`, `createdAt`, `expiresAt`, `tokenHash`. Its TTL attribute is the end of
 * the slug's retirement, never the link's expiry: DynamoDB deletes an item soon after its TTL, and a slug must
 * not come free before its retirement ends. A deleted link becomes a tombstone (`retiredAt`, TTL = end of
 * retirement, nothing else) until then.
 */
export class DynamoLinkStore implements LinkStore {
  private readonly retiredSeconds: number;

  constructor(
    private readonly table: LinksTable,
    options: DynamoLinkStoreOptions,
  ) {
    this.retiredSeconds = options.retiredSlugDays * SECONDS_PER_DAY;
  }

  async get(slug: string): Promise<Link | undefined> {
    const item = await this.table.getItem(slug);
    return item === undefined ? undefined : linkFromItem(slug, item);
  }

  putIfAbsent(link: Link, nowMs: number, owner?: string): Promise<boolean> {
    const item = {
      [PK]: link.slug,
      url: link.url,
      createdAt: link.createdAt,
      expiresAt: link.expiresAt,
      tokenHash: link.tokenHash,
      [OWNER]: owner,
      [TTL]: link.expiresAt === undefined ? undefined : link.expiresAt + this.retiredSeconds,
    };
    return this.table.putIfFree(item, nowMs, owner === undefined ? undefined : { attribute: OWNER, value: owner });
  }

  async occupant(slug: string, nowMs: number): Promise<Occupant | undefined> {
    const item = await this.table.getItem(slug, true);
    if (item === undefined) return undefined;
    const freeAt = item[TTL];
    if (typeof freeAt === 'number' && freeAt * 1000 <= nowMs) return undefined;
    const link = linkFromItem(slug, item);
    const expired = link?.expiresAt !== undefined && link.expiresAt * 1000 <= nowMs;
    return link !== undefined && !expired ? { kind: 'link' } : { kind: 'retired', freeAt: Number(freeAt) };
  }

  retire(slug: string, tokenHash: string, nowMs: number): Promise<boolean> {
    const nowSeconds = Math.floor(nowMs / 1000);
    return this.table.conditional('UpdateItem', (abortSignal) =>
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: { [PK]: slug },
          UpdateExpression:
            'SET #retiredAt = :now, #ttl = :freeAt REMOVE #url, #createdAt, #expiresAt, #tokenHash, #owner',
          // Still live and still this token: a link that expired meanwhile is retired from its expiry already.
          ConditionExpression: '#tokenHash = :tokenHash AND (attribute_not_exists(#expiresAt) OR #expiresAt > :now)',
          ExpressionAttributeNames: {
            '#retiredAt': RETIRED_AT,
            '#ttl': TTL,
            '#url': 'url',
            '#createdAt': 'createdAt',
            '#expiresAt': 'expiresAt',
            '#tokenHash': 'tokenHash',
            '#owner': OWNER,
          },
          ExpressionAttributeValues: {
            ':now': nowSeconds,
            ':freeAt': nowSeconds + this.retiredSeconds,
            ':tokenHash': tokenHash,
          },
        }),
        { abortSignal },
      ),
    );
  }
}

/**
 * The link an item holds, undefined for a tombstone; every value checked before it can reach a header or a
 * response, so that an item written by someone else cannot crash the process or corrupt an answer.
 */
export function linkFromItem(slug: string, item: Record<string, unknown>): Link | undefined {
  const invalid = (reason: string) => new StoredItemInvalidError(slug, reason);
  const { url, createdAt, tokenHash } = item;
  // Items written before the expiry had an attribute of its own kept it in the TTL attribute.
  const expiresAt = item.expiresAt ?? item[TTL];
  if (url === undefined && typeof item[RETIRED_AT] === 'number') return undefined;
  if (!isSafeLocation(url)) throw invalid('url is not an absolute http(s) URL that is safe in a Location header');
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) throw invalid('createdAt is not a date');
  if (expiresAt !== undefined && !Number.isSafeInteger(expiresAt)) throw invalid('expiresAt is not epoch seconds');
  if (tokenHash !== undefined && typeof tokenHash !== 'string') throw invalid('tokenHash is not a string');
  return {
    slug,
    url,
    createdAt,
    ...(expiresAt === undefined ? {} : { expiresAt: expiresAt as number }),
    ...(tokenHash === undefined ? {} : { tokenHash }),
  };
}
