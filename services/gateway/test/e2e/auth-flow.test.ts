import { apiClient, dataOf, problemOf, type ApiClient, type Tokens, type User } from '../support/http';
import { untypedApiClient } from '../support/untyped-http';
import { registerAndLogin, uniqueEmail } from '../support/accounts';
import { startStack, type Stack } from '../support/stack';

describe('e2e: accounts and sessions through the gateway and auth', () => {
  let stack: Stack;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startStack();
    api = apiClient(stack.baseUrl);
  }, 60_000);
  afterAll(() => stack?.stop(), 30_000);

  it('register -> login -> me -> refresh -> reuse of the old refresh token revokes the family -> login -> logout', async () => {
    const email = uniqueEmail('flow');
    const password = 'correct horse battery';

    const registered = await api.post('/api/v1/register', { name: 'Flow Tester', email, password });
    expect(registered.status).toBe(201);
    const user = dataOf<User>(registered);
    expect(user).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Flow Tester',
      email,
      role: 'customer',
      created_at: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(user.created_at))).toBe(false);

    const login = await api.post('/api/v1/login', { email, password });
    expect(login.status).toBe(200);
    const first = dataOf<Tokens>(login);
    expect(first).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: expect.any(Number),
    });

    const me = await api.get('/api/v1/me', { token: first.access_token });
    expect(me.status).toBe(200);
    expect(dataOf<User>(me)).toEqual(user);

    const refreshed = await api.post('/api/v1/refresh', { refresh_token: first.refresh_token });
    expect(refreshed.status).toBe(200);
    const second = dataOf<Tokens>(refreshed);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await api.get('/api/v1/me', { token: second.access_token })).status).toBe(200);

    const replay = await api.post('/api/v1/refresh', { refresh_token: first.refresh_token });
    expect(replay.status).toBe(401);
    expect(problemOf(replay).code).toBe('REFRESH_TOKEN_INVALID');
    // The replay revoked the whole family: the token issued by the rotation is dead too.
    const revoked = await api.post('/api/v1/refresh', { refresh_token: second.refresh_token });
    expect(revoked.status).toBe(401);
    expect(problemOf(revoked).code).toBe('REFRESH_TOKEN_INVALID');

    const again = dataOf<Tokens>(await api.post('/api/v1/login', { email, password }));
    const logout = await api.post('/api/v1/logout', { refresh_token: again.refresh_token });
    expect(logout.status).toBe(204);
    expect(logout.text).toBe('');
    const afterLogout = await api.post('/api/v1/refresh', { refresh_token: again.refresh_token });
    expect(afterLogout.status).toBe(401);
    expect(problemOf(afterLogout).code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('refuses an email taken in another case with 409 EMAIL_TAKEN', async () => {
    const { email } = await registerAndLogin(api, 'taken');
    const res = await api.post('/api/v1/register', {
      name: 'Copy',
      email: email.toUpperCase(),
      password: 'another password',
    });
    expect(res.status).toBe(409);
    expect(problemOf(res)).toMatchObject({ code: 'EMAIL_TAKEN', status: 409 });
  });

  it.each([
    ['73 ASCII characters', 'a'.repeat(73)],
    ['72 characters but 73 UTF-8 bytes', `${'é'.repeat(1)}${'a'.repeat(71)}`],
  ])('refuses a password of %s with 400 naming the password', async (_name, password) => {
    expect(Buffer.byteLength(password)).toBe(73);
    const res = await api.post('/api/v1/register', { name: 'Long', email: uniqueEmail('long'), password });
    expect(res.status).toBe(400);
    const problem = problemOf(res);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors?.map((e) => e.field)).toContain('password');
  });

  it('answers the 6th bad login for one account within the window with 429 and Retry-After', async () => {
    const { email } = await registerAndLogin(api, 'brute');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const res = await api.post('/api/v1/login', { email, password: `wrong-${attempt}` });
      expect(res.status).toBe(401);
      expect(problemOf(res).code).toBe('INVALID_CREDENTIALS');
    }
    const sixth = await api.post('/api/v1/login', { email: email.toUpperCase(), password: 'wrong-6' });
    expect(sixth.status).toBe(429);
    expect(problemOf(sixth).code).toBe('RATE_LIMITED');
    const retryAfter = Number(sixth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('serves a valid OpenAPI 3 document listing every route, and Swagger UI', async () => {
    // The document and its UI are no operations of the document: asked for as plain URLs.
    const raw = untypedApiClient(stack.baseUrl);
    const res = await raw.get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body as {
      openapi: string;
      info: { title: string };
      paths: Record<string, Record<string, { responses: Record<string, { description?: string }>; security?: unknown }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBeTruthy();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/v1/register',
        'POST /api/v1/login',
        'POST /api/v1/refresh',
        'POST /api/v1/logout',
        'GET /api/v1/me',
        'PUT /api/v1/admin/users/{id}/role',
        'GET /healthz',
        'GET /readyz',
      ]),
    );
    // OpenAPI 3 requires responses on every operation and a description on every response.
    for (const methods of Object.values(doc.paths)) {
      for (const operation of Object.values(methods)) {
        const responses = Object.values(operation.responses);
        expect(responses.length).toBeGreaterThan(0);
        for (const response of responses) expect(typeof response.description).toBe('string');
      }
    }
    expect(doc.paths['/api/v1/me']?.get?.security).toEqual([{ bearerAuth: [] }]);

    const docs = await raw.get('/docs');
    expect(docs.status).toBe(200);
    expect(docs.contentType).toMatch(/^text\/html/);
  });

  it('answers /healthz and /readyz with 200 while Redis, auth, catalog, booking and payment are up', async () => {
    const health = await api.get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await api.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ready',
      checks: { redis: 'up', auth: 'up', catalog: 'up', booking: 'up', payment: 'up' },
    });
  });

  // Last: it ends the gateway. In-flight requests are drained by Fastify's close().
  it('shuts the gateway down cleanly on SIGTERM (exit code 0, port released)', async () => {
    expect(await stack.stopProcess('gateway')).toBe('code 0');
    await expect(fetch(`${stack.baseUrl}/healthz`)).rejects.toThrow();
  });
});
