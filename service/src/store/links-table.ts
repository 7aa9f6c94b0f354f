import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LINKS_TABLE } from '../table-schema';
import { isConditionFailure, StoreUnavailableError } from './store-errors';

/** Attribute names every store of the links table writes. */
export const PK = LINKS_TABLE.partitionKey.name;
export const TTL = LINKS_TABLE.ttlAttribute;

export interface LinksTableOptions {
  /** Longest one call may take, the SDK's retries included; then it fails with StoreUnavailableError. */
  readonly deadlineMs: number;
  /** How long past its deadline a call may still run before the pool counts as wedged; WEDGE_GRACE_MS. */
  readonly wedgeGraceMs?: number;
  readonly now?: () => number;
}

/** A call still running this long past its deadline means the bound itself failed (see `wedgedForMs`). */
export const WEDGE_GRACE_MS = 5_000;

/**
 * The links table and the one way to call it: every call ends by its deadline, success or error. The SDK's own
 * timeouts (dynamo-client.ts) end a stuck attempt and free its socket; the deadline's abort signal ends the
 * call as a whole, and the caller is answered at the deadline even if the SDK were to ignore the signal.
 */
export class LinksTable {
  private readonly inFlight = new Map<number, number>();
  private nextCallId = 0;
  private readonly now: () => number;

  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
    private readonly options: LinksTableOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  get deadlineMs(): number {
    return this.options.deadlineMs;
  }

  /** Runs `call` with an abort signal that fires at the deadline; any failure is a StoreUnavailableError. */
  send<T>(
    operation: string,
    call: (abortSignal: AbortSignal) => Promise<T>,
    deadlineMs = this.options.deadlineMs,
  ): Promise<T> {
    const callId = this.nextCallId++;
    this.inFlight.set(callId, this.now());
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`no answer within ${deadlineMs} ms`);
        error.name = 'DeadlineExceeded';
        controller.abort(error);
        reject(error);
      }, deadlineMs);
    });
    // Through a promise, so that a call that throws before it starts still leaves the in-flight list.
    const settled = Promise.resolve(controller.signal)
      .then(call)
      .finally(() => {
        clearTimeout(timer);
        this.inFlight.delete(callId);
      });
    return Promise.race([settled, deadline]).catch((error: unknown) => {
      throw isConditionFailure(error) ? error : new StoreUnavailableError(operation, error);
    });
  }

  /** Runs one conditional write: true when written, false when its condition failed. */
  async conditional(operation: string, call: (abortSignal: AbortSignal) => Promise<unknown>): Promise<boolean> {
    try {
      await this.send(operation, call);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** The item under `key`, read consistently (right after a failed condition, say) or not. */
  async getItem(key: string, consistentRead = false): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.send('GetItem', (abortSignal) =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { [PK]: key }, ConsistentRead: consistentRead }),
        { abortSignal },
      ),
    );
    return Item;
  }

  /**
   * Writes `item` only if its key is free: no item there, or one whose TTL has passed (DynamoDB deletes expired
   * items only eventually, and an item past its TTL must free its key at once), or, with `owner`, an item
   * written for the same owner (a retry of the same idempotent request). True when written.
   */
  putIfFree(item: Record<string, unknown>, nowMs: number, owner?: { attribute: string; value: string }) {
    const ownedBySame = owner === undefined ? '' : ' OR #owner = :owner';
    return this.conditional('PutItem', (abortSignal) =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: `attribute_not_exists(#pk) OR #ttl <= :nowSeconds${ownedBySame}`,
          ExpressionAttributeNames: {
            '#pk': PK,
            '#ttl': TTL,
            ...(owner === undefined ? {} : { '#owner': owner.attribute }),
          },
          ExpressionAttributeValues: {
            ':nowSeconds': Math.floor(nowMs / 1000),
            ...(owner === undefined ? {} : { ':owner': owner.value }),
          },
        }),
        { abortSignal },
      ),
    );
  }

  /**
   * How long the oldest call still running has outlived its deadline plus a grace period; 0 when none has.
   * Above 0 the process cannot trust its connection pool any more (liveness fails; see routes/health.ts).
   */
  wedgedForMs(): number {
    const oldest = this.inFlight.values().next();
    if (oldest.done) return 0;
    return Math.max(
      0,
      this.now() - oldest.value - this.options.deadlineMs - (this.options.wedgeGraceMs ?? WEDGE_GRACE_MS),
    );
  }
}
