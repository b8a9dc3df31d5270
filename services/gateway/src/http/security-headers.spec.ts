import { fakeAuth, fakeCatalog } from '../../test/support/fake-clients';
import { eventMessage, TOKENS, USER } from '../../test/support/messages';
import { buildTestApp, type TestApp } from '../../test/support/test-app';
import { API_CSP, DOCS_CSP } from './security-headers';

type Headers = Record<string, unknown>;

const expectSecurityHeaders = (headers: Headers, csp = API_CSP) =>
  expect(headers).toMatchObject({
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'content-security-policy': csp,
  });

describe('security headers', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await buildTestApp({
      auth: fakeAuth({
        Register: async () => ({ ...USER, password_hash: 'x' }),
        Login: async () => TOKENS,
        Refresh: async () => TOKENS,
        Logout: async () => ({}),
        GetUser: async () => ({ ...USER, password_hash: 'x' }),
      }),
      catalog: fakeCatalog({ ListEvents: async () => ({ events: [eventMessage()], total: 1, page: 1, limit: 20 }) }),
      // The public cache on, as in production: its answers carry their own Cache-Control.
      config: { PUBLIC_CACHE_TTL_MS: 5_000 },
    });
  });
  afterAll(() => sut.app.close());

  it.each([
    ['register', '/api/v1/register', { name: 'Ann', email: 'ann@example.com', password: 'long enough' }, 201],
    ['login', '/api/v1/login', { email: 'ann@example.com', password: 'long enough' }, 200],
    ['refresh', '/api/v1/refresh', { refresh_token: 'r1' }, 200],
    ['logout', '/api/v1/logout', { refresh_token: 'r1' }, 204],
  ])('%s: Cache-Control no-store and the security headers', async (_name, url, body, status) => {
    const res = await sut.request({ method: 'POST', url, body });
    expect(res.statusCode).toBe(status);
    expect(res.headers['cache-control']).toBe('no-store');
    expectSecurityHeaders(res.headers);
  });

  it('the caller’s own data is no-store too', async () => {
    const res = await sut.request({ method: 'GET', url: '/api/v1/me', token: await sut.token() });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expectSecurityHeaders(res.headers);
  });

  it('a public list keeps its own cache policy and gets the security headers', async () => {
    const res = await sut.request({ method: 'GET', url: '/api/v1/events' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toMatch(/^public, max-age=/);
    expectSecurityHeaders(res.headers);
  });

  it.each([
    ['an unknown route', '/api/v1/nope', 404],
    ['a validation error', '/api/v1/events?page=0', 400],
    ['a refused token', '/api/v1/me', 401],
  ])('%s: the security headers and no-store', async (_name, url, status) => {
    const res = await sut.request({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(res.headers['cache-control']).toBe('no-store');
    expectSecurityHeaders(res.headers);
  });

  it('/docs has a CSP that lets Swagger UI load from /docs itself, and may not be framed', async () => {
    const page = await sut.request({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expectSecurityHeaders(page.headers, DOCS_CSP);
    const script = await sut.request({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    expect(script.statusCode).toBe(200);
    expectSecurityHeaders(script.headers, DOCS_CSP);
  });
});

describe('DOCS_ENABLED', () => {
  it('false: no /docs and no /openapi.json', async () => {
    const sut = await buildTestApp({ config: { DOCS_ENABLED: false } });
    for (const url of ['/docs', '/docs/static/index.html', '/openapi.json']) {
      const res = await sut.request({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
    await sut.app.close();
  });
});
