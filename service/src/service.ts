import { createApp } from './app';
import type { Config } from './config';
import type { Lifecycle } from './lifecycle';
import { createHotRedirect } from './hot-redirect';
import { createLogger, type Logger } from './logger';
import { startServer, type RunningServer } from './server';
import { CachedLinkStore } from './store/cached-link-store';
import { createDynamoClient, documentClient } from './store/dynamo-client';
import { DynamoIdempotencyStore } from './store/dynamo-idempotency-store';
import { DynamoLinkStore } from './store/dynamo-link-store';
import { LinksTable } from './store/links-table';
import { dynamoReadinessProbe } from './store/readiness';

export interface RunningService extends RunningServer {
  readonly logger: Logger;
}

export interface StartOptions {
  readonly host?: string;
  readonly logger?: Logger;
  /** The server's header and request read timeouts (server.ts); tests shorten them. */
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

/** Wires config to the DynamoDB client, the stores, the app and a listening server. */
export async function startService(config: Config, options: StartOptions = {}): Promise<RunningService> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const client = createDynamoClient({
    region: config.region,
    endpoint: config.dynamodbEndpoint,
    callTimeoutMs: config.dynamodbTimeoutMs,
  });
  const table = new LinksTable(documentClient(client), config.tableName, { deadlineMs: config.dynamodbTimeoutMs });
  const lifecycle: Lifecycle = { draining: false };
  const links = new CachedLinkStore(new DynamoLinkStore(table, { retiredSlugDays: config.retiredSlugDays }), {
    ttlMs: config.linkCacheTtlMs,
    maxEntries: config.linkCacheMaxEntries,
  });
  const app = createApp({
    config,
    links,
    idempotency: new DynamoIdempotencyStore(table),
    readiness: dynamoReadinessProbe(table),
    wedgedForMs: () => table.wedgedForMs(),
    logger,
    lifecycle,
  });
  const koa = app.callback();
  const hotRedirect = createHotRedirect({ cache: links, config, logger, lifecycle });
  const running = await startServer((req, res) => hotRedirect(req, res) || koa(req, res), {
    port: config.port,
    ...(options.host === undefined ? {} : { host: options.host }),
    lifecycle,
    logger,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    ...(options.headersTimeoutMs === undefined ? {} : { headersTimeoutMs: options.headersTimeoutMs }),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
  });
  logger.info('listening', {
    port: running.port,
    tableName: config.tableName,
    dynamodbEndpoint: config.dynamodbEndpoint ?? `regional (${config.region})`,
    publicBaseUrl: config.publicBaseUrl.origin,
    redirectStatus: config.redirectStatus,
    linkCacheTtlMs: config.linkCacheTtlMs,
    dynamodbTimeoutMs: config.dynamodbTimeoutMs,
    retiredSlugDays: config.retiredSlugDays,
  });
  return {
    ...running,
    logger,
    shutdown: async () => {
      const result = await running.shutdown();
      client.destroy();
      return result;
    },
  };
}
