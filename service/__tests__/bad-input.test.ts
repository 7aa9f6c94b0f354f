import { request } from 'node:http';
import { call, postLink, useTestService, type JsonResponse } from './helpers/service';

const app = useTestService();

/** Every refusal: a 4xx RFC 9457 document whose detail names the problem, and no stack trace anywhere. */
function expectProblem(response: JsonResponse, status: number, detail: RegExp): void {
  expect({
    status: response.status,
    type: response.headers.get('content-type'),
    detail: response.json?.detail,
  }).toEqual({
    status,
    type: 'application/problem+json',
    detail: expect.stringMatching(detail),
  });
  expect(response.json).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
  expect(response.text).not.toMatch(/\n\s+at /);
}

const future = '2099-06-01T00:00:00Z';

describe('invalid link bodies get 422 naming the field and the rule', () => {
  const cases: [string, unknown, RegExp][] = [
    ['javascript: scheme', { url: 'javascript:alert(1)' }, /^\/url must use http or https, not 'javascript:'/],
    ['data: scheme', { url: 'data:text/html,<script>alert(1)</script>' }, /\/url must use http or https, not 'data:'/],
    ['ftp: scheme', { url: 'ftp://example.org/file' }, /\/url must use http or https, not 'ftp:'/],
    ['file: scheme', { url: 'file:///etc/passwd' }, /not 'file:'/],
    ['relative path', { url: '/just/a/path' }, /\/url must be an absolute URL/],
    ['host without scheme', { url: 'example.org/page' }, /\/url must be an absolute URL/],
    ['scheme-relative', { url: '//example.org/page' }, /\/url must be an absolute URL/],
    ['scheme without //', { url: 'http:example.org' }, /\/url must be of the form http:\/\/host/],
    ['empty host', { url: 'https://' }, /\/url must be of the form/],
    ['unparseable host', { url: 'https://exa[mple.org/' }, /\/url is not a well-formed URL/],
    ['space inside', { url: 'https://example.org/a b' }, /\/url must not contain spaces/],
    ['newline inside', { url: 'https://example.org/\nSet-Cookie: x' }, /\/url must not contain spaces or control/],
    ['user and password', { url: 'https://user:secret@example.org/' }, /\/url must not contain credentials/],
    ['user only', { url: 'https://user@example.org/' }, /\/url must not contain credentials/],
    [
      'over 2048 characters',
      { url: `https://example.org/${'a'.repeat(2030)}` },
      /\/url must be at most 2048 characters long \(got 2050\)/,
    ],
    [
      'over 2048 once percent-encoded',
      { url: `https://example.org/${'ä'.repeat(1000)}` },
      /\/url is 6020 characters long once normalised/,
    ],
    ['own domain', { url: 'https://sho.rt/loop' }, /\/url must not point to this service's own domain \(sho\.rt\)/],
    ['own domain, other case and trailing dot', { url: 'https://SHO.RT./loop' }, /own domain/],
    ['own subdomain', { url: 'http://api.sho.rt/' }, /own domain/],
    ['url missing', { slug: 'no-url-here' }, /^\/url is required/],
    ['url not a string', { url: 42 }, /\/url must be a string, not the number 42/],
    ['url null', { url: null }, /\/url must be a string, not null/],
    ['slug too short', { url: 'https://example.org/', slug: 'ab' }, /\/slug must be at least 3 characters/],
    ['slug too long', { url: 'https://example.org/', slug: 'x'.repeat(65) }, /\/slug must be at most 64 characters/],
    ['slug with a slash', { url: 'https://example.org/', slug: 'a/b/c' }, /\/slug must match/],
    ['slug with a space', { url: 'https://example.org/', slug: 'has space' }, /\/slug must match/],
    ['slug not ASCII', { url: 'https://example.org/', slug: 'café-link' }, /\/slug must match/],
    ['reserved slug api', { url: 'https://example.org/', slug: 'api' }, /\/slug 'api' is reserved/],
    ['reserved slug in other case', { url: 'https://example.org/', slug: 'HealthZ' }, /\/slug 'HealthZ' is reserved/],
    ['reserved slug with a dot', { url: 'https://example.org/', slug: 'openapi.json' }, /\/slug must match/],
    [
      'expiresAt in the past',
      { url: 'https://example.org/', expiresAt: '2001-01-01T00:00:00Z' },
      /\/expiresAt must be in the future/,
    ],
    [
      'expiresAt not a date',
      { url: 'https://example.org/', expiresAt: 'tomorrow' },
      /\/expiresAt must be an RFC 3339 date-time/,
    ],
    ['expiresAt without zone', { url: 'https://example.org/', expiresAt: '2099-01-01T00:00:00' }, /RFC 3339/],
    ['expiresAt date only', { url: 'https://example.org/', expiresAt: '2099-01-01' }, /RFC 3339/],
    [
      'expiresAt on a day that does not exist',
      { url: 'https://example.org/', expiresAt: '2099-02-30T00:00:00Z' },
      /RFC 3339/,
    ],
    ['expiresAt as a number', { url: 'https://example.org/', expiresAt: 4070908800 }, /\/expiresAt must be a string/],
    ['unknown field', { url: 'https://example.org/', owner: 'me' }, /\/owner is not a known field/],
    ['array body', [{ url: 'https://example.org/' }], /^The body must be an object, not an array/],
    ['string body', 'https://example.org/', /The body must be an object, not a string/],
    ['null body', null, /The body must be an object, not null/],
  ];

  it.each(cases)('%s', async (_name, body, detail) => {
    const response = await postLink(app().baseUrl, body);
    expectProblem(response, 422, detail);
    expect(response.json?.type).toBe('urn:shortlinks:problem:validation');
    expect(response.json?.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ pointer: expect.any(String) })]),
    );
  });

  it('reports every failing field at once', async () => {
    const response = await postLink(app().baseUrl, { url: 'ftp://x', slug: 'api', expiresAt: 'soon' });
    expect((response.json?.errors as { pointer: string }[]).map((issue) => issue.pointer)).toEqual([
      '/url',
      '/slug',
      '/expiresAt',
    ]);
  });
});

describe('unreadable bodies', () => {
  const post = (body: string | Uint8Array, headers: Record<string, string>) =>
    call(app().baseUrl, '/api/links', { method: 'POST', headers, body });

  it.each([
    ['truncated JSON', '{"url": "https://example.org/"'],
    ['JavaScript, not JSON', "{url: 'https://example.org/'}"],
    ['trailing garbage', '{"url": "https://example.org/"} x'],
  ])('%s gets 400', async (_name, body) => {
    expectProblem(
      await post(body, { 'content-type': 'application/json' }),
      400,
      /^The request body is not valid JSON: /,
    );
  });

  it('an empty body gets 400', async () => {
    expectProblem(await post('', { 'content-type': 'application/json' }), 400, /request body is empty/);
  });

  it('bytes that are not UTF-8 get 400', async () => {
    expectProblem(
      await post(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), { 'content-type': 'application/json' }),
      400,
      /not valid UTF-8/,
    );
  });

  it.each([
    [
      'text/plain',
      { 'content-type': 'text/plain' },
      /Content-Type must be application\/json \(UTF-8\); got 'text\/plain'/,
    ],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, /got 'application\/x-www-form-urlencoded'/],
    [
      'JSON in Latin-1',
      { 'content-type': 'application/json; charset=iso-8859-1' },
      /Content-Type must be application\/json \(UTF-8\)/,
    ],
    ['no content type', {}, /Content-Type must be application\/json \(UTF-8\); got none/],
    [
      'gzip',
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      /Content-Encoding 'gzip' is not accepted/,
    ],
  ])('%s gets 415', async (_name, headers, detail) => {
    const body = new TextEncoder().encode(JSON.stringify({ url: 'https://example.org/' }));
    expectProblem(await post(body, headers), 415, detail);
  });

  it('a body over the limit gets 413 from its Content-Length', async () => {
    const body = JSON.stringify({ url: 'https://example.org/', padding: 'x'.repeat(20_000) });
    expectProblem(await post(body, { 'content-type': 'application/json' }), 413, /exceeds 16384 bytes/);
  });

  it('a chunked body that grows over the limit gets 413 and the connection is closed', async () => {
    const response = await new Promise<{ status: number; connection: string | undefined; body: string }>(
      (resolve, reject) => {
        const req = request(
          `${app().baseUrl}/api/links`,
          { method: 'POST', headers: { 'content-type': 'application/json' } },
          (res) => {
            let body = '';
            res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
          },
        );
        req.on('error', reject);
        // No Content-Length: node sends it chunked, so only counting the bytes can catch it.
        req.write(`{"url": "https://example.org/", "padding": "${'x'.repeat(10_000)}`);
        req.write('x'.repeat(10_000));
        setTimeout(() => req.end('"}'), 50);
      },
    );
    expect(response.status).toBe(413);
    expect(response.connection).toBe('close');
    expect(JSON.parse(response.body)).toMatchObject({ type: 'urn:shortlinks:problem:body-too-large' });
  });

  it.each([
    ['with spaces', 'two words'],
    ['too long', 'k'.repeat(256)],
  ])('an Idempotency-Key %s gets 400', async (_name, key) => {
    const response = await postLink(app().baseUrl, { url: 'https://example.org/' }, { 'idempotency-key': key });
    expectProblem(response, 400, /Idempotency-Key must be one value of 1 to 255 printable ASCII characters/);
  });
});

describe('odd requests never get a 5xx', () => {
  it.each([
    ['GET', '/%'],
    ['GET', '/%E0%A4%A'],
    ['GET', '/api/links/%FF%FE'],
    ['DELETE', '/api/links/%'],
    ['GET', `/${'a'.repeat(8000)}`],
    ['GET', '/..%2F..%2Fetc%2Fpasswd'],
    ['POST', '/healthz'],
    ['OPTIONS', '/api/links'],
    ['PATCH', '/api/links/some-slug'],
    ['GET', '/api/links/'],
    ['GET', '/api/openapi.json/extra'],
  ])('%s %s', async (method, path) => {
    const response = await call(app().baseUrl, path, { method });
    expect(response.status).toBeLessThan(500);
    expect(response.text).not.toMatch(/\n\s+at /);
  });
});

it('nothing was written by any refused request', async () => {
  expect(await app().itemCount()).toBe(0);
});

it('the same service still creates links, so the refusals above were not a broken store', async () => {
  expect((await postLink(app().baseUrl, { url: 'https://example.org/', expiresAt: future })).status).toBe(201);
  expect(await app().itemCount()).toBe(1);
});
