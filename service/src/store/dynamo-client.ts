import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientOptions {
  readonly region: string;
  /** Unset: the regional AWS endpoint; set: dynalite, DynamoDB Local or another compatible server. */
  readonly endpoint?: string | undefined;
}

/**
 * Short timeouts: a redirect that waits longer than a few seconds is worse than a 503 the client can retry.
 * (/readyz bounds its own probe more tightly; see readiness.ts.)
 */
export function createDynamoClient({ region, endpoint }: DynamoClientOptions): DynamoDBClient {
  return new DynamoDBClient({
    region,
    ...(endpoint === undefined ? {} : { endpoint }),
    maxAttempts: 3,
    requestHandler: {
      connectionTimeout: 1_000,
      requestTimeout: 3_000,
      httpAgent: { keepAlive: true, maxSockets: 128 },
      httpsAgent: { keepAlive: true, maxSockets: 128 },
    },
  });
}

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
