import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LINKS_TABLE } from '../table-schema';

/** A key no link or idempotency record can have (`#` is not a slug character). */
const PROBE_KEY = 'probe#readyz';
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Readiness is one GetItem on the table the service uses: it proves the network path, the credentials, the
 * IAM permission the redirect path needs and the table itself, and costs half a read unit.
 */
export function dynamoReadinessProbe(client: DynamoDBDocumentClient, tableName: string): () => Promise<void> {
  return async () => {
    await client.send(new GetCommand({ TableName: tableName, Key: { [LINKS_TABLE.partitionKey.name]: PROBE_KEY } }), {
      abortSignal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
  };
}
