import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

export interface RunningDynalite {
  /** `http://127.0.0.1:<port>`, what DYNAMODB_ENDPOINT takes. */
  readonly endpoint: string;
  readonly port: number;
  /** Stops answering (the port is closed), as an unreachable DynamoDB would. */
  stop(): Promise<void>;
  /** Listens again on the same port; with a `path`, the data is still there. */
  restart(): Promise<void>;
  /** Lets the process exit while dynalite still listens. */
  unref(): void;
}

/**
 * A real dynalite on 127.0.0.1 and a free port, for `npm run dev`, the tests and the benchmark. In memory
 * unless `path` names a LevelDB folder (created if missing). Table changes take no simulated time.
 */
export async function startDynalite(path?: string): Promise<RunningDynalite> {
  if (path !== undefined) mkdirSync(path, { recursive: true });
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(path === undefined ? {} : { path }),
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen(0);
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
    restart: () => listen(port),
    unref: () => void server.unref(),
  };
}
