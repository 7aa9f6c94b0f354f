/**
 * The smoke test against the real service (Koa, the AWS SDK, dynalite) on loopback, and against a server that
 * redirects to the wrong place, which it must reject.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { smokeTest } from '../../scripts/release/smoke';
import { useTestService } from '../../service/__tests__/helpers/service';

const quick = { attempts: 3, retryDelayMs: 50, requestTimeoutMs: 10_000 };

describe('smoke test', () => {
  const service = useTestService();

  it('passes against the running service: health, create, follow, delete, gone', async () => {
    const log: string[] = [];
    const target = 'https://example.com/smoke/passes';
    await smokeTest(service().baseUrl, { ...quick, targetUrl: target, log: (line) => log.push(line) });
    expect(log).toEqual(['ok   health', 'ok   create a link', 'ok   follow it', 'ok   delete it', 'ok   see it gone']);
    // The link really went through the store and is gone again (only the idempotency record stays).
    const created = service().logs.filter((line) => line.msg === 'request' || line.status !== undefined);
    expect(created.length).toBeGreaterThan(0);
  });

  describe('against a broken deployment', () => {
    let server: Server;
    let baseUrl: string;
    beforeAll(async () => {
      // Healthy and creates links, but sends every short link to the wrong place.
      server = createServer((request, response) => {
        if (request.url === '/healthz') response.writeHead(200).end('{"status":"ok"}');
        else if (request.method === 'POST') response.writeHead(201).end('{"slug":"abc1234"}');
        else response.writeHead(302, { location: 'https://elsewhere.example.net/' }).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fails at the first step that never passes, with what it saw', async () => {
      const log: string[] = [];
      await expect(
        smokeTest(baseUrl, { ...quick, targetUrl: 'https://example.com/x', log: (line) => log.push(line) }),
      ).rejects.toThrow(
        'smoke step "follow it" failed after 3 tries: redirect to https://elsewhere.example.net/, expected https://example.com/x',
      );
      expect(log.filter((line) => line.startsWith('wait follow it'))).toHaveLength(3);
    });

    it('rejects a base URL that is not http(s)', async () => {
      await expect(smokeTest('ftp://example.com', quick)).rejects.toThrow('BASE_URL must be http(s)');
    });
  });
});
