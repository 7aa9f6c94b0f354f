import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with a request that reaches it:
 * - pass: forwards it and the answer;
 * - blackhole: swallows it and never answers (the connection stays open, as with a wedged store);
 * - reset: drops the connection with a TCP RST;
 * - slow: forwards it `slowMs` late;
 * - lose-answer: forwards it (the store applies it) but swallows the answer, and the connection stays open.
 * A connection that swallowed once stays silent, even after the fault ends: its client must give it up.
 */
export type Fault = 'pass' | 'blackhole' | 'reset' | 'slow' | 'lose-answer';

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`, for DYNAMODB_ENDPOINT. */
  readonly endpoint: string;
  /** The fault for every request from now on (unless `rule` names another). */
  fault: Fault;
  /** Delay of `slow`. */
  slowMs: number;
  /** Decides per request (its raw text: headers and, on loopback, the body); undefined falls back to `fault`. */
  rule: ((request: string) => Fault | undefined) | undefined;
  /** Requests seen, by the fault they got. */
  readonly counts: Record<Fault, number>;
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 in front of `targetPort` (dynalite), with faults switched on and off by the test. */
export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  const counts: Record<Fault, number> = { pass: 0, blackhole: 0, reset: 0, slow: 0, 'lose-answer': 0 };
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    let silent = false;
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.on('data', (chunk) => {
      if (!silent) client.write(chunk);
    });
    client.on('data', (chunk) => {
      const fault = silent ? 'blackhole' : (proxy.rule?.(chunk.toString('latin1')) ?? proxy.fault);
      counts[fault] += 1;
      switch (fault) {
        case 'pass':
          upstream.write(chunk);
          return;
        case 'slow':
          setTimeout(() => upstream.writable && upstream.write(chunk), proxy.slowMs);
          return;
        case 'reset':
          client.resetAndDestroy();
          upstream.destroy();
          return;
        case 'lose-answer':
          silent = true;
          upstream.write(chunk);
          return;
        case 'blackhole':
          silent = true;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: FaultProxy = {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fault: 'pass',
    slowMs: 200,
    rule: undefined,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return proxy;
}

/** The DynamoDB operation of a raw SDK request (from its X-Amz-Target header), e.g. `PutItem`. */
export function operationOf(request: string): string | undefined {
  return /x-amz-target: *DynamoDB_\d+\.(\w+)/i.exec(request)?.[1];
}
