import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { loadConfig, type Config, type Env } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startService, type RunningService, type StartOptions } from '../../src/service';
import { ensureTable } from '../../src/store/create-table';
import { createDynamoClient, documentClient } from '../../src/store/dynamo-client';
import { LinksTable } from '../../src/store/links-table';
import { startDynalite, type RunningDynalite } from './dynalite';

// dynalite ignores credentials, but the SDK signs every request and needs some.
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';

export const PUBLIC_BASE_URL = 'https://sho.rt';

export interface TestService {
  readonly baseUrl: string;
  readonly config: Config;
  readonly service: RunningService;
  /** Every JSON log line the service wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  /** How many items the table holds (links, idempotency records), read with a Scan. */
  itemCount(): Promise<number>;
  /** Every item in the table, read with a Scan. */
  items(): Promise<Record<string, unknown>[]>;
  /** Writes `item` straight into the table, as another writer (a console edit, a migration) would. */
  putRaw(item: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

/** The links table `tableName` on `endpoint`, as the service reaches it (client timeouts, call deadline). */
export function linksTable(endpoint: string, tableName: string, deadlineMs = 10_000) {
  const client = createDynamoClient({ region: 'us-east-1', endpoint, callTimeoutMs: deadlineMs });
  const table = new LinksTable(documentClient(client), tableName, { deadlineMs });
  return { table, client, destroy: () => client.destroy() };
}

/** The env a deployed task would get, pointed at `endpoint`, with a fresh table. */
export function testEnv(endpoint: string, overrides: Env = {}): Env {
  return {
    PORT: '0',
    TABLE_NAME: `links-${randomUUID()}`,
    AWS_REGION: 'us-east-1',
    DYNAMODB_ENDPOINT: endpoint,
    PUBLIC_BASE_URL,
    LOG_LEVEL: 'debug',
    // Generous: these tests are about behaviour, not speed, and must pass on a busy machine. The fault tests set
    // a short deadline of their own.
    DYNAMODB_TIMEOUT_MS: '30000',
    ...overrides,
  };
}

/** The whole service (config, SDK client, stores, Koa, node:http) on 127.0.0.1 and an ephemeral port. */
export async function startTestService(
  endpoint: string,
  overrides: Env = {},
  options: Omit<StartOptions, 'host' | 'logger'> & {
    /** Where the test itself reaches the table (to create it, count items): the store, not a fault proxy. */
    readonly directEndpoint?: string;
  } = {},
): Promise<TestService> {
  const config = loadConfig(testEnv(endpoint, overrides));
  const client = createDynamoClient({ region: config.region, endpoint: options.directEndpoint ?? endpoint });
  await ensureTable(client, config.tableName);
  const documents = documentClient(client);
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({ level: config.logLevel, write: (line) => void logs.push(JSON.parse(line)) });
  const service = await startService(config, { ...options, host: '127.0.0.1', logger });
  return {
    baseUrl: `http://127.0.0.1:${service.port}`,
    config,
    service,
    logs,
    itemCount: async () =>
      (await client.send(new ScanCommand({ TableName: config.tableName, Select: 'COUNT' }))).Count ?? 0,
    items: async () =>
      ((await documents.send(new ScanCommand({ TableName: config.tableName }))).Items ?? []) as Record<
        string,
        unknown
      >[],
    putRaw: async (item) => {
      await documents.send(new PutCommand({ TableName: config.tableName, Item: item }));
    },
    stop: async () => {
      await service.shutdown();
      client.destroy();
    },
  };
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly json: Record<string, unknown> | undefined;
}

export interface CallInit {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/** Kept-alive connections, as a browser or the ALB would reuse them. */
const agent = new Agent({ keepAlive: true });

/**
 * One request through node:http, redirects not followed, the body read and parsed once. Not fetch: on these
 * loopback calls fetch cost about 0.3 ms more CPU each than the service spent answering them, and the service
 * suite makes thousands. What fetch adds of its own (Accept, User-Agent and other default headers) the service
 * does not read; a test that needs a header sets it.
 */
export function call(baseUrl: string, path: string, init: CallInit = {}): Promise<JsonResponse> {
  const url = new URL(`${baseUrl}${path}`);
  const { body } = init;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: init.method ?? 'GET',
        agent,
        headers: { ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }), ...init.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const headers = new Headers();
          for (let index = 0; index < res.rawHeaders.length; index += 2) {
            headers.append(res.rawHeaders[index] as string, res.rawHeaders[index + 1] as string);
          }
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers, text, json: parsedJson(text) });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function parsedJson(text: string): Record<string, unknown> | undefined {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function postLink(baseUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
  return call(baseUrl, '/api/links', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/**
 * A dynalite and a service on it for the whole test file, started before its tests and stopped after them.
 * Returns a getter, since both exist only once `beforeAll` has run.
 */
export function useTestService(
  overrides: Env = {},
  options: Omit<StartOptions, 'host' | 'logger'> = {},
): () => TestService {
  let store: RunningDynalite | undefined;
  let app: TestService | undefined;
  beforeAll(async () => {
    store = await startDynalite();
    app = await startTestService(store.endpoint, overrides, options);
  });
  afterAll(async () => {
    await app?.stop();
    await store?.stop();
  });
  return () => {
    if (app === undefined) throw new Error('useTestService: the service starts in beforeAll');
    return app;
  };
}
