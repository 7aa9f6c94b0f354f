import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALB_IDLE_TIMEOUT_SECONDS } from './contract';
import type { Lifecycle } from './lifecycle';
import type { Logger } from './logger';

/**
 * Keep-alive must outlast the ALB's idle timeout: if the service closed an idle connection first, the ALB
 * could send a request down it at that moment and answer the client 502.
 */
export const KEEP_ALIVE_TIMEOUT_MS = (ALB_IDLE_TIMEOUT_SECONDS + 5) * 1000;
/** Node's guidance: the headers timeout exceeds keep-alive, or a reused connection can time out mid-request. */
const HEADERS_TIMEOUT_MS = KEEP_ALIVE_TIMEOUT_MS + 1000;
const IDLE_SWEEP_MS = 100;

export interface ServerOptions {
  readonly port: number;
  /** Unset: every interface (the container); tests and benchmarks use 127.0.0.1. */
  readonly host?: string;
  readonly lifecycle: Lifecycle;
  readonly logger: Logger;
  readonly shutdownTimeoutMs: number;
}

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /**
   * Stops accepting connections, closes idle keep-alive sockets, lets in-flight requests finish (their
   * responses carry `Connection: close`), and resolves when all connections are gone. After the timeout,
   * the remaining connections are cut; the result says whether that was needed.
   */
  shutdown(): Promise<{ readonly forced: boolean }>;
}

export async function startServer(listener: RequestListener, options: ServerOptions): Promise<RunningServer> {
  const { lifecycle, logger, shutdownTimeoutMs } = options;
  const server = createServer(listener);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let shuttingDown: Promise<{ forced: boolean }> | undefined;
  const shutdown = () => {
    shuttingDown ??= new Promise((resolve) => {
      lifecycle.draining = true;
      let forced = false;
      // close() also closes the connections idle right now; a response finishing in the same instant can leave
      // one that turns idle just after, so idle connections are swept until the last one is gone.
      const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
      const deadline = setTimeout(() => {
        forced = true;
        logger.warn('shutdown timeout: closing remaining connections', { shutdownTimeoutMs });
        server.closeAllConnections();
      }, shutdownTimeoutMs);
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(deadline);
        resolve({ forced });
      });
    });
    return shuttingDown;
  };
  return { server, port, shutdown };
}
