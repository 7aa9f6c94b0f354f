/**
 * `npm run dev`: the service on a fresh machine, no AWS account needed. By default an embedded dynalite keeps
 * the data under .data/dynalite (git-ignored); DEV_STORE=memory keeps it in memory. DYNAMODB_ENDPOINT points
 * at another DynamoDB-compatible server instead, DEV_STORE=aws at real DynamoDB (AWS settings from the
 * environment, the table must exist). Defaults that make the service start are filled in where unset.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import dynalite from 'dynalite';
import { ENV, SERVICE_PORT } from '../contract';
import { runService } from '../run';
import { createDynamoClient } from '../store/dynamo-client';
import { ensureTable } from '../store/create-table';

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
    env[ENV.dynamodbEndpoint] = await startDynalite(store === 'disk' ? DATA_DIR : undefined);
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

async function startDynalite(path: string | undefined): Promise<string> {
  if (path !== undefined) mkdirSync(path, { recursive: true });
  const server = dynalite({ createTableMs: 0, ...(path === undefined ? {} : { path }) });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  // The service's own shutdown ends the process; dynalite must not hold it open before that.
  server.unref();
  const { port } = server.address() as AddressInfo;
  process.stderr.write(`dev: dynalite on 127.0.0.1:${port}, data ${path ?? 'in memory'}\n`);
  return `http://127.0.0.1:${port}`;
}

main().catch((error: unknown) => {
  process.stderr.write(`dev: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
