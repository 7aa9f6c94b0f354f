import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { PK, type LinksTable } from './links-table';

/** A key no link or idempotency record can have (`#` is not a slug character). */
const PROBE_KEY = 'probe#readyz';
/** Shorter than the ALB's and ECS's health check timeouts, so whoever polls gets an answer, not a timeout. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Readiness is one GetItem on the table the service uses: it proves the network path, the credentials, the
 * IAM permission the redirect path needs and the table itself, and costs half a read unit.
 */
export function dynamoReadinessProbe(table: LinksTable): () => Promise<void> {
  return async () => {
    await table.send(
      'GetItem',
      (abortSignal) =>
        table.client.send(new GetCommand({ TableName: table.tableName, Key: { [PK]: PROBE_KEY } }), { abortSignal }),
      PROBE_TIMEOUT_MS,
    );
  };
}
