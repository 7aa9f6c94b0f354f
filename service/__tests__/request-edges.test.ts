import { connect } from 'node:net';
import { duplicateMember } from '../src/json-body';
import { call, postLink, useTestService, type JsonResponse } from './helpers/service';

const OWN_HOSTNAMES = 'origin.sho.rt.example,api.example.net';
// Short read timeouts, so that a stalled client is cut off within this test's patience.
const app = useTestService({ OWN_HOSTNAMES }, { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 });

function expectProblem(response: JsonResponse, status: number, detail: RegExp): void {
  expect({
    status: response.status,
    type: response.headers.get('content-type'),
    cache: response.headers.get('cache-control'),
    detail: response.json?.detail,
  }).toEqual({ status, type: 'application/problem+json', cache: 'no-store', detail: expect.stringMatching(detail) });
}

const port = () => Number(new URL(app().baseUrl).port);

/** Writes `text` on a fresh connection (and nothing more), and resolves with all the server sent until it closed. */
function raw(text: string, { closeAfterMs }: { closeAfterMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port(), '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.setEncoding('latin1').on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject).on('close', () => resolve(received));
    if (closeAfterMs !== undefined) setTimeout(() => socket.destroy(), closeAfterMs);
  });
}

/** Splits a raw HTTP/1.1 answer into status, lower-case headers and the body parsed as JSON. */
function parseRaw(answer: string) {
  const [head, body] = [answer.slice(0, answer.indexOf('\r\n\r\n')), answer.slice(answer.indexOf('\r\n\r\n') + 4)];
  const [statusLine, ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, json: JSON.parse(body) as Record<string, unknown> };
}

describe('media types are case-insensitive', () => {
  it.each(['Application/JSON', 'APPLICATION/JSON; Charset=UTF-8', 'application/json ; charset="utf-8"'])(
    '%s is JSON',
    async (contentType) => {
      const response = await call(app().baseUrl, '/api/links', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: JSON.stringify({ url: 'https://example.org/any-case' }),
      });
      expect(response.status).toBe(201);
    },
  );
});

describe('a 422 stays small', () => {
  it('16 KB of unknown keys gets a few KB naming the first ten and how many more', async () => {
    const body = Object.fromEntries(Array.from({ length: 1_700 }, (_, index) => [`k${index}`, 1]));
    const text = JSON.stringify({ url: 'https://example.org/', ...body });
    expect(text.length).toBeGreaterThan(15_000);
    expect(text.length).toBeLessThanOrEqual(16_384);
    const response = await call(app().baseUrl, '/api/links', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    });
    expectProblem(response, 422, /^\/k0 is not a known field .*; and 1690 more\.$/);
    expect(response.json?.errors).toHaveLength(10);
    expect(response.text.length).toBeLessThan(4_096);
  });
});

describe('duplicate member names are refused', () => {
  it('in the body: 400 naming the member', async () => {
    const response = await call(app().baseUrl, '/api/links', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"url": "https://harmless.example/", "url": "https://phishing.example/"}',
    });
    expectProblem(response, 400, /names a member twice: \/url\./);
  });

  it.each([
    ['{"a": 1, "b": 2}', undefined],
    ['{"a": {"b": 1, "b": 2}}', '/a/b'],
    ['{"a": 1, "\\u0061": 2}', '/a'],
    ['[{"x": 1}, {"x": 2}, {"y": 1, "y": 1}]', '/2/y'],
    ['{"a/b": {"c": [1, {"d": 0, "d": 1}]}}', '/a~1b/c/1/d'],
    ['{"s": "a \\" , \\"s\\": 1", "t": 2}', undefined],
  ])('duplicateMember(%s) is %s', (json, pointer) => {
    expect(duplicateMember(json)).toBe(pointer);
  });
});

describe('expiresAt offsets are applied before the range check', () => {
  it('9999-12-31T23:59:59-23:59 (year 10000 in UTC) is refused', async () => {
    const response = await postLink(app().baseUrl, {
      url: 'https://example.org/',
      expiresAt: '9999-12-31T23:59:59-23:59',
    });
    expectProblem(response, 422, /\/expiresAt must be at most 9999-12-31T23:59:59Z once its offset is applied/);
  });

  it('9999-12-31T23:59:59+01:00 (still 9999 in UTC) is accepted', async () => {
    const response = await postLink(app().baseUrl, {
      url: 'https://example.org/',
      expiresAt: '9999-12-31T23:59:59+01:00',
    });
    expect(response.status).toBe(201);
    expect(response.json?.expiresAt).toBe('9999-12-31T22:59:59.000Z');
  });
});

describe('targets inside private networks, or this service, are refused', () => {
  it.each([
    ['http://127.0.0.1/', /loopback/],
    ['http://127.1.2.3:8080/admin', /loopback/],
    ['http://0x7f.1/', /loopback/],
    ['http://2130706433/', /loopback/],
    ['http://10.0.0.5/', /private/],
    ['http://172.16.3.4/', /private/],
    ['http://192.168.1.1/', /private/],
    ['http://169.254.169.254/latest/meta-data/', /link-local \(cloud metadata\)/],
    ['http://100.64.0.1/', /carrier-grade NAT/],
    ['http://0.0.0.0/', /this network/],
    ['http://[::1]/', /loopback/],
    ['http://[::ffff:127.0.0.1]/', /loopback/],
    ['http://[::ffff:a9fe:a9fe]/', /link-local/],
    ['http://[fd00:ec2::254]/', /unique local, cloud metadata/],
    ['http://[fe80::1]/', /link-local/],
    ['http://localhost:3000/', /must not point to localhost/],
    ['http://app.localhost/', /must not point to localhost/],
    ['https://origin.sho.rt.example/x', /own domain \(origin\.sho\.rt\.example\)/],
    ['https://edge.api.example.net/', /own domain \(api\.example\.net\)/],
  ])('%s', async (url, detail) => {
    const response = await postLink(app().baseUrl, { url });
    expectProblem(response, 422, detail);
  });

  it.each(['http://93.184.215.14/', 'http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/', 'https://api.example.org/'])(
    'a public address or name such as %s is fine',
    async (url) => {
      expect((await postLink(app().baseUrl, { url })).status).toBe(201);
    },
  );
});

describe("Node's own answers look like ours", () => {
  it('a request Node cannot parse gets 400 problem+json, no-store, and the connection closed', async () => {
    const answer = parseRaw(await raw('GET /x HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n'));
    expect(answer).toMatchObject({
      status: 400,
      headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', connection: 'close' },
      json: { type: 'about:blank', status: 400, title: 'Bad Request' },
    });
  });

  it('headers over the limit get 431 problem+json', async () => {
    const answer = parseRaw(await raw(`GET / HTTP/1.1\r\nHost: a\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`));
    expect(answer).toMatchObject({
      status: 431,
      headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
      json: { status: 431 },
    });
  });

  it('OPTIONS gets 204, Allow and no-store; on an unknown path 404 problem+json', async () => {
    const options = await call(app().baseUrl, '/api/links', { method: 'OPTIONS' });
    expect({
      status: options.status,
      allow: options.headers.get('allow'),
      cache: options.headers.get('cache-control'),
      body: options.text,
    }).toEqual({ status: 204, allow: expect.stringContaining('POST'), cache: 'no-store', body: '' });
    expectProblem(await call(app().baseUrl, '/api/nothing', { method: 'OPTIONS' }), 404, /Nothing is served/);
  });
});

describe('slow clients cannot hold a socket', () => {
  it('headers that never finish get 408 problem+json and the connection closed', async () => {
    const started = Date.now();
    const answer = parseRaw(await raw('GET /healthz HTTP/1.1\r\nHost: a\r\nX-Slow: 1'));
    expect(answer).toMatchObject({ status: 408, headers: { 'content-type': 'application/problem+json' } });
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a body that never finishes gets 408 and the connection closed', async () => {
    const started = Date.now();
    const answer = parseRaw(
      await raw(
        'POST /api/links HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"url":',
      ),
    );
    expect(answer).toMatchObject({ status: 408, headers: { 'cache-control': 'no-store' } });
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

it('an aborted upload is logged once, at info, without a stack', async () => {
  // The requests cut off above log their ends too; let those lines arrive first.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = app().logs.length;
  await raw('POST /api/links HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"u', {
    closeAfterMs: 200,
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const lines = app()
    .logs.slice(before)
    .filter((line) => line.msg !== 'request');
  expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'client went away' })]);
  expect(JSON.stringify(lines)).not.toMatch(/stack|\n\s+at /);
});
