import type { FastifyInstance } from 'fastify';
import { AppError, CLIENT_ADDRESS_METADATA, RateLimitedError, RetryLaterError } from '@ticres/shared';
import type { AuthClient } from './auth-client';
import type { DependencyCheck } from './health/readiness';
import { fakeAuth } from '../test/support/fake-clients';
import { TOKENS, USER } from '../test/support/messages';
import { buildTestApp, GATEWAY_TOKEN } from '../test/support/test-app';
import { signAccessToken, type SigningKey } from '../test/support/tokens';

interface Sut {
  app: FastifyInstance;
  auth: jest.Mocked<AuthClient>;
  key: SigningKey;
  state: { shuttingDown: boolean };
}

async function sut(auth: jest.Mocked<AuthClient>, checks: DependencyCheck[] = []): Promise<Sut> {
  const { app, key, state } = await buildTestApp({ auth, checks });
  return { app, auth, key, state };
}

const json = (app: FastifyInstance, method: 'POST' | 'PUT', url: string, body: unknown, token?: string) =>
  app.inject({
    method,
    url,
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });

describe('gateway app', () => {
  it('registers a user: 201 {data: user}, only the contract fields', async () => {
    const { app, auth } = await sut(fakeAuth({ Register: async () => ({ ...USER, password_hash: 'x' }) }));
    const res = await json(app, 'POST', '/api/v1/register', {
      name: 'Ann',
      email: 'ann@example.com',
      password: 'correct horse',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ data: USER });
    // With its own token, so auth believes the client address its sign-up limit counts.
    expect(auth.Register).toHaveBeenCalledWith(
      { name: 'Ann', email: 'ann@example.com', password: 'correct horse' },
      { token: GATEWAY_TOKEN, metadata: { [CLIENT_ADDRESS_METADATA]: '127.0.0.1' } },
    );
    await app.close();
  });

  it('maps a domain error from auth (EMAIL_TAKEN) to 409 problem+json', async () => {
    const { app } = await sut(fakeAuth({ Register: () => Promise.reject(new AppError('EMAIL_TAKEN', 'That email is already registered.')) }));
    const res = await json(app, 'POST', '/api/v1/register', {
      name: 'A',
      email: 'a@example.com',
      password: '12345678',
    });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'EMAIL_TAKEN', detail: 'That email is already registered.' });
    await app.close();
  });

  it('rejects unknown body fields instead of passing them to auth', async () => {
    const { app, auth } = await sut(fakeAuth());
    const res = await json(app, 'POST', '/api/v1/register', {
      name: 'A',
      email: 'a@example.com',
      password: '12345678',
      role: 'admin',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'role', message: 'is not allowed' }]);
    expect(auth.Register).not.toHaveBeenCalled();
    await app.close();
  });

  it('accepts only JSON bodies: text/plain is 415, not a string that reaches validation', async () => {
    const { app, auth } = await sut(fakeAuth());
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/login',
      headers: { 'content-type': 'text/plain' },
      payload: '{"email":"a@example.com","password":"12345678"}',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(auth.Login).not.toHaveBeenCalled();
    await app.close();
  });

  it('logs in through auth with the gateway token and the client address, which auth counts failed logins under', async () => {
    const { app, auth } = await sut(fakeAuth({ Login: async () => TOKENS }));
    const res = await json(app, 'POST', '/api/v1/login', { email: 'ann@example.com', password: 'right' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: TOKENS });
    expect(auth.Login).toHaveBeenCalledWith(
      { email: 'ann@example.com', password: 'right' },
      { token: GATEWAY_TOKEN, metadata: { [CLIENT_ADDRESS_METADATA]: '127.0.0.1' } },
    );
    await app.close();
  });

  it("answers auth's login limit (RATE_LIMITED with a retry hint) as 429 problem+json with Retry-After", async () => {
    const { app } = await sut(fakeAuth({ Login: () => Promise.reject(new RetryLaterError('RATE_LIMITED', 'Too many failed logins.', 42)) }));
    const res = await json(app, 'POST', '/api/v1/login', { email: 'ann@example.com', password: 'guess' });
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(res.headers['retry-after']).toBe('42');
    await app.close();
  });

  it('sheds logins and sign-ups past PASSWORD_CALLS_MAX_IN_FLIGHT (2) with 503 OVERLOADED at once, without calling auth', async () => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    let bothCalled!: () => void;
    const bothInFlight = new Promise<void>((resolve) => {
      bothCalled = resolve;
    });
    const auth = fakeAuth({
      Login: async () => {
        if (auth.Login.mock.calls.length === 2) bothCalled();
        await answered;
        return TOKENS;
      },
    });
    const { app } = await sut(auth);
    const inFlight = [1, 2].map(() => json(app, 'POST', '/api/v1/login', { email: 'ann@example.com', password: 'right' }));
    await bothInFlight;
    expect(auth.Login).toHaveBeenCalledTimes(2);
    const shed = await json(app, 'POST', '/api/v1/register', { name: 'Bo', email: 'bo@example.com', password: 'correct horse' });
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(shed.json()).toMatchObject({ code: 'OVERLOADED' });
    expect(shed.headers['retry-after']).toBe('1');
    expect(auth.Register).not.toHaveBeenCalled();
    answer();
    expect((await Promise.all(inFlight)).map((res) => res.statusCode)).toEqual([200, 200]);
    const after = await json(app, 'POST', '/api/v1/login', { email: 'ann@example.com', password: 'right' });
    expect(after.statusCode).toBe(200);
    await app.close();
  });

  it('refreshes (200 tokens) and logs out (204, no body)', async () => {
    const { app, auth } = await sut(fakeAuth({ Refresh: async () => TOKENS, Logout: async () => ({}) }));
    const refreshed = await json(app, 'POST', '/api/v1/refresh', { refresh_token: 'r0' });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json()).toEqual({ data: TOKENS });
    const out = await json(app, 'POST', '/api/v1/logout', { refresh_token: 'r1' });
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    expect(auth.Logout).toHaveBeenCalledWith({ refresh_token: 'r1' });
    await app.close();
  });

  it('GET /me verifies the token, then asks auth for the caller with the token forwarded', async () => {
    const { app, auth, key } = await sut(fakeAuth({ GetUser: async () => USER }));
    const token = await signAccessToken(key, { sub: USER.id });
    const res = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: USER });
    expect(auth.GetUser).toHaveBeenCalledWith({ id: '' }, { token });
    await app.close();
  });

  it('GET /me without a valid token never reaches auth', async () => {
    const { app, auth } = await sut(fakeAuth());
    const res = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer junk' } });
    expect(res.statusCode).toBe(401);
    expect(auth.GetUser).not.toHaveBeenCalled();
    await app.close();
  });

  describe('PUT /admin/users/:id/role', () => {
    const url = `/api/v1/admin/users/${USER.id}/role`;
    /** auth's answer to the re-check every admin route makes: the caller is an admin now. */
    const stillAdmin = async () => ({ ...USER, role: 'admin' });

    it('forwards an admin’s change with the token and answers the user', async () => {
      const { app, auth, key } = await sut(fakeAuth({ GetUser: stillAdmin, SetUserRole: async () => ({ ...USER, role: 'organizer' }) }));
      const token = await signAccessToken(key, { role: 'admin' });
      const res = await json(app, 'PUT', url, { role: 'organizer' }, token);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ data: { ...USER, role: 'organizer' } });
      expect(auth.SetUserRole).toHaveBeenCalledWith({ id: USER.id, role: 'organizer' }, { token });
      await app.close();
    });

    it('refuses a non-admin with 403 before reading the body', async () => {
      const { app, auth, key } = await sut(fakeAuth());
      const res = await json(app, 'PUT', url, { junk: true }, await signAccessToken(key, { role: 'organizer' }));
      expect(res.statusCode).toBe(403);
      expect(auth.SetUserRole).not.toHaveBeenCalled();
      await app.close();
    });

    it("answers auth's write limit (RATE_LIMITED, counted by auth) with 429 problem+json and Retry-After", async () => {
      const { app, key } = await sut(fakeAuth({ GetUser: stillAdmin, SetUserRole: () => Promise.reject(new RateLimitedError(30_000)) }));
      const refused = await json(app, 'PUT', url, { role: 'customer' }, await signAccessToken(key, { role: 'admin' }));
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(refused.headers['retry-after']).toBe('30');
      await app.close();
    });

    it('never forwards a malformed write, so it never uses up the allowance auth counts', async () => {
      const { app, auth, key } = await sut(fakeAuth({ GetUser: stillAdmin, SetUserRole: async () => USER }));
      const admin = await signAccessToken(key, { role: 'admin' });
      expect((await json(app, 'PUT', url, { role: 'root' }, admin)).statusCode).toBe(400);
      expect((await json(app, 'PUT', url, { role: 'customer' }, admin)).statusCode).toBe(200);
      expect(auth.SetUserRole).toHaveBeenCalledTimes(1);
      await app.close();
    });

    it('validates the :id as a UUID and the role against the enum', async () => {
      const { app, auth, key } = await sut(fakeAuth({ GetUser: stillAdmin }));
      const token = await signAccessToken(key, { role: 'admin' });
      const badId = await json(app, 'PUT', '/api/v1/admin/users/42/role', { role: 'customer' }, token);
      expect(badId.statusCode).toBe(400);
      expect(badId.json().errors).toEqual([{ field: 'id', message: 'must match format "uuid"' }]);
      const badRole = await json(app, 'PUT', url, { role: 'root' }, token);
      expect(badRole.statusCode).toBe(400);
      expect(badRole.json().errors).toEqual([{ field: 'role', message: 'must be one of: customer, organizer, admin' }]);
      expect(auth.SetUserRole).not.toHaveBeenCalled();
      await app.close();
    });
  });

  it('never describes an internal failure to the client', async () => {
    const { app } = await sut(fakeAuth({ Register: () => Promise.reject(new Error('duplicate key at 10.1.2.3:5432')) }));
    const res = await json(app, 'POST', '/api/v1/register', {
      name: 'A',
      email: 'a@example.com',
      password: '12345678',
    });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'INTERNAL', detail: 'An unexpected error occurred.' });
    expect(res.body).not.toContain('10.1.2.3');
    await app.close();
  });

  it('documents every route in /openapi.json, with both forms of POST /bookings as oneOf', async () => {
    const { app } = await sut(fakeAuth());
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const routes = Object.entries(doc.paths as Record<string, object>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /api/v1/events',
        'POST /api/v1/events',
        'GET /api/v1/events/{id}',
        'PUT /api/v1/admin/events/{id}',
        'DELETE /api/v1/admin/events/{id}',
        'POST /api/v1/bookings',
        'GET /api/v1/bookings/{id}',
        'DELETE /api/v1/bookings/{id}',
        'GET /api/v1/me/bookings',
        'GET /api/v1/admin/bookings',
        'GET /api/v1/admin/events/{id}/bookings',
        'POST /api/v1/payments',
        'GET /api/v1/payments/{booking_id}',
      ]),
    );
    const pay = doc.paths['/api/v1/payments'].post;
    expect(pay.parameters).toEqual([expect.objectContaining({ in: 'header', name: 'idempotency-key' })]);
    expect(pay.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PayRequest' });
    const { schemas } = doc.components;
    expect(schemas.PayRequest.properties.payment_token.description).toMatch(/tok_decline.*tok_timeout/);
    const status = doc.paths['/api/v1/payments/{booking_id}'].get.responses['200'].content['application/json'].schema;
    expect(status).toEqual({ $ref: '#/components/schemas/PaymentStatusResponse' });
    expect(schemas.PaymentStatus.properties.transaction.nullable).toBe(true);
    expect(schemas.PaymentStatus.properties.refund.nullable).toBe(true);
    const hold = doc.paths['/api/v1/bookings'].post;
    expect(hold.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/HoldSeatsRequest' });
    expect(schemas.HoldSeatsRequest.oneOf).toHaveLength(2);
    expect(hold.parameters).toEqual([expect.objectContaining({ in: 'header', name: 'idempotency-key' })]);
    expect(hold.security).toEqual([{ bearerAuth: [] }]);
    await app.close();
  });

  describe('health', () => {
    const refused = () => Promise.reject(new Error('connection refused'));
    const up: DependencyCheck = { name: 'redis', required: false, check: async () => undefined };
    const down: DependencyCheck = { name: 'auth', required: true, check: refused };

    it('/healthz answers 200 ok', async () => {
      const { app } = await sut(fakeAuth());
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok' });
      await app.close();
    });

    it('/readyz answers 200 when every dependency answers', async () => {
      const { app } = await sut(fakeAuth(), [up]);
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ready', checks: { redis: 'up' } });
      await app.close();
    });

    it('/readyz answers 503 naming the dependency that is down', async () => {
      const { app } = await sut(fakeAuth(), [up, down]);
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        code: 'UNAVAILABLE',
        detail: expect.stringContaining('auth'),
        checks: { redis: 'up', auth: 'down' },
      });
      await app.close();
    });

    it('/readyz stays 200, degraded, while only an optional dependency (Redis) is down', async () => {
      const authUp: DependencyCheck = { name: 'auth', required: true, check: async () => undefined };
      const redisDown: DependencyCheck = { name: 'redis', required: false, check: refused };
      const { app } = await sut(fakeAuth(), [redisDown, authUp]);
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'degraded', checks: { redis: 'down', auth: 'up' } });
      await app.close();
    });

    it('/readyz answers 503 once shutdown has begun, even with every dependency up', async () => {
      const { app, state } = await sut(fakeAuth(), [up]);
      state.shuttingDown = true;
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'UNAVAILABLE', detail: 'Shutting down.' });
      await app.close();
    });
  });
});
