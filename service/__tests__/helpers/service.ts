import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { loadConfig, type Config, type Env } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startService, type RunningService } from '../../src/service';
import { ensureTable } from '../../src/store/create-table';
import { createDynamoClient } from '../../src/store/dynamo-client';
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
  stop(): Promise<void>;
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
    ...overrides,
  };
}

/** The whole service (config, SDK client, stores, Koa, node:http) on 127.0.0.1 and an ephemeral port. */
export async function startTestService(endpoint: string, overrides: Env = {}): Promise<TestService> {
  const config = loadConfig(testEnv(endpoint, overrides));
  const client = createDynamoClient({ region: config.region, endpoint });
  await ensureTable(client, config.tableName);
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({ level: config.logLevel, write: (line) => void logs.push(JSON.parse(line)) });
  const service = await startService(config, { host: '127.0.0.1', logger });
  return {
    baseUrl: `http://127.0.0.1:${service.port}`,
    config,
    service,
    logs,
    itemCount: async () =>
      (await client.send(new ScanCommand({ TableName: config.tableName, Select: 'COUNT' }))).Count ?? 0,
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

/** fetch without following redirects, body read and parsed once. */
export async function call(baseUrl: string, path: string, init: RequestInit = {}): Promise<JsonResponse> {
  const response = await fetch(`${baseUrl}${path}`, { redirect: 'manual', ...init });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
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
export function useTestService(overrides: Env = {}): () => TestService {
  let store: RunningDynalite | undefined;
  let app: TestService | undefined;
  beforeAll(async () => {
    store = await startDynalite();
    app = await startTestService(store.endpoint, overrides);
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
