import { SLUG_PATTERN } from '../src/validation/slug';
import { call, postLink, PUBLIC_BASE_URL, useTestService } from './helpers/service';

const app = useTestService({ REDIRECT_MAX_AGE_SECONDS: '300' });

const inOneHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe('POST /api/links', () => {
  it('creates a link under a random 7-character base62 slug', async () => {
    const response = await postLink(app().baseUrl, { url: 'https://example.org/a?b=c#d' });
    expect(response.status).toBe(201);
    const slug = response.json?.slug as string;
    expect(slug).toMatch(/^[0-9A-Za-z]{7}$/);
    expect(response.headers.get('location')).toBe(`${PUBLIC_BASE_URL}/api/links/${slug}`);
    expect(response.json).toEqual({
      slug,
      url: 'https://example.org/a?b=c#d',
      shortUrl: `${PUBLIC_BASE_URL}/${slug}`,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      expiresAt: null,
      managementToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
  });

  it('stores the normalised URL (punycode host, percent-encoded path)', async () => {
    const response = await postLink(app().baseUrl, { url: 'HTTPS://Bücher.example/ä b'.replace(' ', '%20') });
    expect(response.status).toBe(201);
    expect(response.json?.url).toBe('https://xn--bcher-kva.example/%C3%A4%20b');
  });

  it('takes a custom slug and expiry, rounding the expiry up to the whole second', async () => {
    const response = await postLink(app().baseUrl, {
      url: 'https://example.org/',
      slug: 'my-launch',
      expiresAt: '2099-01-01T00:00:00.2Z',
    });
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ slug: 'my-launch', expiresAt: '2099-01-01T00:00:01.000Z' });
  });

  it('refuses a custom slug that is taken with 409 and leaves the first link as it was', async () => {
    expect((await postLink(app().baseUrl, { url: 'https://first.example/', slug: 'taken-slug' })).status).toBe(201);
    const second = await postLink(app().baseUrl, { url: 'https://second.example/', slug: 'taken-slug' });
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toBe('application/problem+json');
    expect(second.json).toMatchObject({ type: 'urn:shortlinks:problem:slug-taken', status: 409 });
    const redirect = await call(app().baseUrl, '/taken-slug');
    expect(redirect.headers.get('location')).toBe('https://first.example/');
  });
});

describe('GET|HEAD /{slug}', () => {
  it('redirects with the configured status, Location and a cacheable Cache-Control', async () => {
    const created = await postLink(app().baseUrl, { url: 'https://example.org/target' });
    const response = await call(app().baseUrl, `/${created.json?.slug}`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://example.org/target');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.text).toBe('');
  });

  it('answers HEAD like GET, without a body', async () => {
    const created = await postLink(app().baseUrl, { url: 'https://example.org/head' });
    const response = await call(app().baseUrl, `/${created.json?.slug}`, { method: 'HEAD' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://example.org/head');
  });

  it('caps max-age by the time left before the link expires', async () => {
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const created = await postLink(app().baseUrl, { url: 'https://example.org/soon', expiresAt });
    const maxAge = Number(
      /max-age=(\d+)/.exec(
        (await call(app().baseUrl, `/${created.json?.slug}`)).headers.get('cache-control') ?? '',
      )?.[1],
    );
    expect(maxAge).toBeGreaterThanOrEqual(58);
    expect(maxAge).toBeLessThanOrEqual(61);
  });

  it('gives 404 problem+json for an unknown slug, briefly cacheable', async () => {
    const response = await call(app().baseUrl, '/NoSuchSlug');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('cache-control')).toBe('public, max-age=10');
    expect(response.json).toMatchObject({ type: 'urn:shortlinks:problem:link-not-found', status: 404 });
  });

  it('gives 404 for a link that expired, although DynamoDB TTL has not deleted it', async () => {
    const created = await postLink(app().baseUrl, {
      url: 'https://example.org/brief',
      expiresAt: new Date(Date.now() + 1_100).toISOString(),
    });
    expect((await call(app().baseUrl, `/${created.json?.slug}`)).status).toBe(302);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await call(app().baseUrl, `/${created.json?.slug}`)).status).toBe(404);
    expect((await call(app().baseUrl, `/api/links/${created.json?.slug}`)).status).toBe(404);
    // The slug stays retired: nobody may take over a link that was shared.
    const reused = await postLink(app().baseUrl, { url: 'https://example.org/reuse', slug: created.json?.slug });
    expect(reused.status).toBe(409);
    expect(reused.json).toMatchObject({ type: 'urn:shortlinks:problem:slug-retired' });
  });

  it('gives 404 for paths that cannot be slugs', async () => {
    for (const path of ['/ab', '/healthz.txt', '/a%2Fb', `/${'x'.repeat(65)}`, '/API']) {
      const response = await call(app().baseUrl, path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
  });
});

describe('GET and DELETE /api/links/{slug}', () => {
  it('returns the metadata, then deletes the link so that it no longer resolves', async () => {
    const created = await postLink(app().baseUrl, { url: 'https://example.org/meta', expiresAt: inOneHour() });
    const slug = created.json?.slug as string;
    expect((await call(app().baseUrl, `/${slug}`)).status).toBe(302); // now in the process cache
    const read = await call(app().baseUrl, `/api/links/${slug}`);
    expect(read.status).toBe(200);
    const { managementToken, ...view } = created.json ?? {};
    expect(read.json).toEqual(view);
    expect(read.text).not.toContain(managementToken as string);
    expect(read.headers.get('cache-control')).toBe('no-store');

    const authorization = { authorization: `Bearer ${managementToken}` };
    const deleted = await call(app().baseUrl, `/api/links/${slug}`, { method: 'DELETE', headers: authorization });
    expect(deleted.status).toBe(204);
    expect((await call(app().baseUrl, `/${slug}`)).status).toBe(404);
    expect((await call(app().baseUrl, `/api/links/${slug}`)).status).toBe(404);
    expect((await call(app().baseUrl, `/api/links/${slug}`, { method: 'DELETE', headers: authorization })).status).toBe(
      404,
    );
  });
});

describe('operations routes', () => {
  it('GET /healthz and /readyz answer 200 while DynamoDB answers', async () => {
    expect(await call(app().baseUrl, '/healthz')).toMatchObject({ status: 200, json: { status: 'ok' } });
    expect(await call(app().baseUrl, '/readyz')).toMatchObject({ status: 200, json: { status: 'ready' } });
  });

  it('GET /api/openapi.json describes the routes with the schemas that validate requests', async () => {
    const response = await call(app().baseUrl, '/api/openapi.json');
    expect(response.status).toBe(200);
    const document = response.json as {
      openapi: string;
      paths: Record<string, object>;
      components: {
        schemas: Record<
          string,
          { properties: Record<string, { pattern?: string; maxLength?: number }>; required: string[] }
        >;
      };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual(
      ['/api/links', '/api/links/{slug}', '/{slug}', '/healthz', '/readyz', '/api/openapi.json'].sort(),
    );
    const input = document.components.schemas.CreateLinkInput;
    expect(input.required).toEqual(['url']);
    expect(input.properties.slug.pattern).toBe(SLUG_PATTERN.source);
    expect(input.properties.url.maxLength).toBe(2048);
  });

  it('the OpenAPI document lists every status each route can answer', async () => {
    const document = (await call(app().baseUrl, '/api/openapi.json')).json as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    const statuses = (path: string, method: string) => Object.keys(document.paths[path][method].responses).sort();
    expect(statuses('/api/links', 'post')).toEqual(['201', '400', '409', '413', '415', '422', '500', '503']);
    expect(statuses('/api/links/{slug}', 'get')).toEqual(['200', '404', '500', '503']);
    expect(statuses('/api/links/{slug}', 'delete')).toEqual(['204', '401', '403', '404', '500', '503']);
    expect(statuses('/{slug}', 'get')).toEqual(['302', '404', '500', '503']);
    expect(statuses('/healthz', 'get')).toEqual(['200', '503']);
    expect(statuses('/readyz', 'get')).toEqual(['200', '503']);
    expect(document.components.securitySchemes.managementToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('answers unknown paths with 404 and wrong methods with 405 and Allow, as problem+json', async () => {
    const unknown = await call(app().baseUrl, '/api/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    const wrongMethod = await call(app().baseUrl, '/api/links', { method: 'PUT' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toContain('POST');
    expect(wrongMethod.json).toMatchObject({ type: 'about:blank', status: 405 });
  });
});

describe('request ids', () => {
  it('reuses X-Request-Id, else the X-Amzn-Trace-Id root, and logs it with the request', async () => {
    const given = await call(app().baseUrl, '/healthz', { headers: { 'x-request-id': 'req-123' } });
    expect(given.headers.get('x-request-id')).toBe('req-123');
    const traced = await call(app().baseUrl, '/healthz', {
      headers: { 'x-amzn-trace-id': 'Root=1-67891233-abcdef012345678912345678;Sampled=1' },
    });
    expect(traced.headers.get('x-request-id')).toBe('1-67891233-abcdef012345678912345678');
    const fresh = await call(app().baseUrl, '/NoSuchSlug', { headers: { 'x-request-id': 'bad id with spaces' } });
    const id = fresh.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh.json?.requestId).toBe(id);
    expect(app().logs).toContainEqual(
      expect.objectContaining({ msg: 'request', requestId: 'req-123', path: '/healthz', status: 200 }),
    );
    expect(app().logs).toContainEqual(expect.objectContaining({ msg: 'request', requestId: id, status: 404 }));
  });
});
