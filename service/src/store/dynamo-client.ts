import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientOptions {
  readonly region: string;
  /** Unset: the regional AWS endpoint; set: dynalite, DynamoDB Local or another compatible server. */
  readonly endpoint?: string | undefined;
  /** Longest a call may take with its retries (DYNAMODB_TIMEOUT_MS); each attempt gets under a third. */
  readonly callTimeoutMs?: number;
}

const MAX_ATTEMPTS = 3;
/** What the SDK's backoff between the attempts may add (it grows from 100 ms; jitter keeps it below this). */
const BACKOFF_ALLOWANCE_MS = 700;

/**
 * Bounded by construction: MAX_ATTEMPTS attempts of at most `requestTimeout` each (connection included) plus the
 * backoff fit in `callTimeoutMs`. `throwOnRequestTimeout` makes a request past its timeout fail and destroys its
 * socket: without it @smithy/node-http-handler 4.x only logs a warning, and a store that accepts connections but
 * never answers wedges every pooled socket for good. LinksTable adds the deadline over the whole call.
 */
export function createDynamoClient({ region, endpoint, callTimeoutMs = 10_000 }: DynamoClientOptions): DynamoDBClient {
  const requestTimeout = Math.max(100, Math.floor((callTimeoutMs - BACKOFF_ALLOWANCE_MS) / MAX_ATTEMPTS));
  return new DynamoDBClient({
    region,
    ...(endpoint === undefined ? {} : { endpoint }),
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: {
      // The connection timeout counts from the call, time queued for a free socket included; a short one failed
      // healthy calls whenever a burst needed new sockets from a busy store. The request timeout bounds it anyway.
      connectionTimeout: requestTimeout,
      requestTimeout,
      throwOnRequestTimeout: true,
      httpAgent: { keepAlive: true, maxSockets: 128 },
      httpsAgent: { keepAlive: true, maxSockets: 128 },
    },
  });
}

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
