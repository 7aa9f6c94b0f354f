import { createServer, STATUS_CODES, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ALB_IDLE_TIMEOUT_SECONDS } from './contract';
import type { Lifecycle } from './lifecycle';
import type { Logger } from './logger';

/**
 * Keep-alive must outlast the ALB's idle timeout: if the service closed an idle connection first, the ALB
 * could send a request down it at that moment and answer the client 502.
 */
export const KEEP_ALIVE_TIMEOUT_MS = (ALB_IDLE_TIMEOUT_SECONDS + 5) * 1000;
/**
 * How long a client may take to send a request's headers, and the whole request (body included), from its first
 * byte: a slow or stalled client cannot hold a socket for minutes. Both count from the start of each request, not
 * from the connection's idle time, so they may be shorter than the keep-alive timeout.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 20_000;
/** How often Node checks those two timeouts (default 30 s, which would let a stalled client stay that much longer). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;
const IDLE_SWEEP_MS = 100;

export interface ServerOptions {
  readonly port: number;
  /** Unset: every interface (the container); tests and benchmarks use 127.0.0.1. */
  readonly host?: string;
  readonly lifecycle: Lifecycle;
  readonly logger: Logger;
  readonly shutdownTimeoutMs: number;
  /** Defaults HEADERS_TIMEOUT_MS and REQUEST_TIMEOUT_MS; tests shorten them. */
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
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
  const server = createServer(
    {
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
      headersTimeout: options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS,
      requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    },
    listener,
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket, logger));
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

/** What Node's parser and timeouts report, as the status of our answer; anything else is a plain 400. */
const CLIENT_ERROR_STATUS: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
};

/**
 * Requests Node refuses before the app sees them (malformed, headers too large, too slow) get the same kind of
 * answer as every other error: problem+json, `no-store`, and the connection closed.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket, logger: Logger): void {
  const inResponse = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  // ECONNRESET and an end of input mid-request: the client is gone (an aborted upload is logged by the app).
  if (error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_EOF_STATE' || !socket.writable || inResponse) {
    socket.destroy();
    return;
  }
  const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? 400;
  const title = STATUS_CODES[status] ?? 'Bad Request';
  logger.info('request refused by the HTTP parser', { status, code: error.code });
  const body = JSON.stringify({
    type: 'about:blank',
    title,
    status,
    detail:
      status === 408
        ? 'The request did not arrive in time.'
        : status === 431
          ? 'The request headers are too large.'
          : 'The request is not valid HTTP.',
  });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nCache-Control: no-store\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
