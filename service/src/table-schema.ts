/**
 * The one definition of the links table: key schema, indexes and TTL attribute. Used by the data module
 * (modules/data), by the service's local bootstrap and by the tests, so infrastructure and code cannot drift.
 * Keep it free of imports: the infrastructure loads it at synth time.
 */

export type AttributeType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface GlobalSecondaryIndex {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly projectionType: 'ALL' | 'KEYS_ONLY';
}

export interface TableSchema {
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndex[];
  /** Epoch-seconds attribute DynamoDB TTL deletes on (eventually; the service enforces expiry on read). */
  readonly ttlAttribute: string;
}

/**
 * Single-table design: a link is stored under `pk = <slug>`; an idempotency record under
 * `pk = idem#<key>` (`#` cannot occur in a slug, so the two never collide).
 */
export const LINKS_TABLE: TableSchema = {
  partitionKey: { name: 'pk', type: 'S' },
  globalSecondaryIndexes: [],
  ttlAttribute: 'ttl',
};

/**
 * Every attribute a key or index names, once each, in schema order: DynamoDB wants exactly these as attribute
 * definitions (no more, no fewer), in CreateTable and in Terraform alike.
 */
export function keyAttributes(schema: TableSchema): KeyAttribute[] {
  const keys = [
    schema.partitionKey,
    schema.sortKey,
    ...schema.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  const byName = new Map<string, KeyAttribute>();
  for (const key of keys) if (key !== undefined && !byName.has(key.name)) byName.set(key.name, key);
  return [...byName.values()];
}
