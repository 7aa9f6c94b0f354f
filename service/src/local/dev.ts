/**
 * `npm run dev`: the service on a fresh machine, no AWS account needed. By default an embedded dynalite keeps
 * the data under .data/dynalite (git-ignored); DEV_STORE=memory keeps it in memory. DYNAMODB_ENDPOINT points
 * at another DynamoDB-compatible server instead, DEV_STORE=aws at real DynamoDB (AWS settings from the
 * environment, the table must exist). Defaults that make the service start are filled in where unset.
 */
import { resolve } from 'node:path';
import { ENV, SERVICE_PORT } from '../contract';
import { runService } from '../run';
import { createDynamoClient } from '../store/dynamo-client';
import { ensureTable } from '../store/create-table';
import { startDynalite } from './dynalite';

const DEV_STORES = ['disk', 'memory', 'aws'] as const;
const DATA_DIR = resolve(__dirname, '../../../.data/dynalite');

async function main(): Promise<void> {
  // This process exists only to run the service, so the defaults go straight into its environment (where the
  // SDK's credential chain reads them too).
  const env = process.env;
  const store = env.DEV_STORE ?? 'disk';
  if (!(DEV_STORES as readonly string[]).includes(store)) {
    throw new Error(`DEV_STORE must be one of ${DEV_STORES.join(', ')} (got '${store}')`);
  }
  env[ENV.tableName] ??= 'shortlinks-local';
  env[ENV.region] ??= 'us-east-1';
  env[ENV.publicBaseUrl] ??= `http://localhost:${env[ENV.port] ?? SERVICE_PORT}`;

  if (env[ENV.dynamodbEndpoint] === undefined && store !== 'aws') {
    const path = store === 'disk' ? DATA_DIR : undefined;
    const local = await startDynalite(path);
    // The service's own shutdown ends the process; dynalite must not hold it open before that.
    local.unref();
    process.stderr.write(`dev: dynalite at ${local.endpoint}, data ${path ?? 'in memory'}\n`);
    env[ENV.dynamodbEndpoint] = local.endpoint;
  }
  const endpoint = env[ENV.dynamodbEndpoint];
  if (endpoint !== undefined) {
    // Local servers accept any credentials, but the SDK still wants some to sign with.
    if (env.AWS_ACCESS_KEY_ID === undefined && env.AWS_PROFILE === undefined) {
      env.AWS_ACCESS_KEY_ID = 'local';
      env.AWS_SECRET_ACCESS_KEY = 'local';
    }
    const client = createDynamoClient({ region: env[ENV.region] as string, endpoint });
    await ensureTable(client, env[ENV.tableName] as string);
    client.destroy();
    process.stderr.write(`dev: table ${env[ENV.tableName]} ready at ${endpoint}\n`);
  }
  await runService(env);
}

main().catch((error: unknown) => {
  process.stderr.write(`dev: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
