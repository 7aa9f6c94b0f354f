import { ALB_IDLE_TIMEOUT_SECONDS } from '../src/contract';
import { createLogger } from '../src/logger';
import { startServer } from '../src/server';

it('keeps idle connections open longer than the ALB does, and says so in Keep-Alive', async () => {
  const running = await startServer((_req, res) => res.end('ok'), {
    port: 0,
    host: '127.0.0.1',
    lifecycle: { draining: false },
    logger: createLogger({ level: 'error', write: () => undefined }),
    shutdownTimeoutMs: 1_000,
  });
  try {
    expect(running.server.keepAliveTimeout).toBeGreaterThan(ALB_IDLE_TIMEOUT_SECONDS * 1000);
    const response = await fetch(`http://127.0.0.1:${running.port}/`);
    await response.text();
    const advertised = Number(/timeout=(\d+)/.exec(response.headers.get('keep-alive') ?? '')?.[1]);
    expect(advertised).toBeGreaterThan(ALB_IDLE_TIMEOUT_SECONDS);
  } finally {
    expect(await running.shutdown()).toEqual({ forced: false });
  }
});
