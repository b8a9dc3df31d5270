import Fastify, { type FastifyInstance } from 'fastify';
import { createTokenVerifier, tokenRevoked } from '@ticres/shared';
import { hmacWithPublicKey, newSigningKey, signAccessToken, tamperedCopy, unsignedCopy, type SigningKey } from '../../test/support/tokens';
import { callerOf, createAuthHooks } from './authenticate';
import { registerErrorHandlers } from './error-handler';

describe('authenticate and requireAdmin', () => {
  let key: SigningKey;
  let app: FastifyInstance;
  /** Roles auth knows now, by token, where they differ from the token's. */
  const currentRoles = new Map<string, string>();

  beforeAll(async () => {
    key = await newSigningKey('key-1');
    const verifier = createTokenVerifier({
      issuer: 'ticres-auth',
      audience: 'ticres',
      algorithm: 'EdDSA',
      loadKeys: async () => [{ kid: key.kid, alg: 'EdDSA', public_key_pem: key.publicKeyPem, not_after: '2999-01-01T00:00:00Z' }],
    });
    const { authenticate, requireAdmin } = createAuthHooks({
      verifier,
      isRevoked: async ({ sessionId }) => {
        if (sessionId === 'logged-out') throw tokenRevoked();
      },
      currentRole: async (token) => currentRoles.get(token) ?? (await verifier.verify(token)).role,
    });
    app = Fastify();
    app.decorateRequest('caller', null);
    registerErrorHandlers(app);
    app.get('/who', { onRequest: [authenticate] }, async (request) => callerOf(request));
    app.get('/admin', { onRequest: [authenticate, requireAdmin] }, async () => ({ ok: true }));
    app.get('/forgot-the-hook', async (request) => callerOf(request));
    await app.ready();
  });
  afterAll(() => app.close());

  const get = (url: string, token?: string, scheme = 'Bearer') =>
    app.inject({ method: 'GET', url, headers: token === undefined ? {} : { authorization: `${scheme} ${token}` } });

  it('accepts a valid token and exposes the principal and the raw token', async () => {
    const token = await signAccessToken(key, { sub: 'user-1', role: 'organizer' });
    const res = await get('/who', token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ principal: { userId: 'user-1', role: 'organizer' }, token });
  });

  it('accepts the scheme in any case', async () => {
    expect((await get('/who', await signAccessToken(key), 'bearer')).statusCode).toBe(200);
  });

  const forged: [string, () => Promise<string | undefined>][] = [
    ['no token', async () => undefined],
    ['a token that is not a JWT', async () => 'not-a-jwt'],
    ['alg none', async () => unsignedCopy(await signAccessToken(key, { role: 'admin' }))],
    ['HS256 signed with the public key PEM', async () => hmacWithPublicKey(await signAccessToken(key), key.publicKeyPem)],
    ['an expired token', async () => signAccessToken(key, { exp: Math.floor(Date.now() / 1000) - 5 })],
    ['the wrong audience', async () => signAccessToken(key, { aud: 'someone-else' })],
    ['the wrong issuer', async () => signAccessToken(key, { iss: 'evil-auth' })],
    ['an unknown kid', async () => signAccessToken(await newSigningKey('unknown-kid'))],
    ['a tampered payload', async () => tamperedCopy(await signAccessToken(key), { role: 'admin' })],
    ['an unknown role', async () => signAccessToken(key, { role: 'superuser' })],
    // Valid and verified, but a service's own identity (auth's IssueServiceToken), not a person's.
    ['a service token', async () => signAccessToken(key, { sub: 'service:notifier', role: 'service' })],
  ];

  it.each(forged)('answers 401 UNAUTHENTICATED for %s', async (_name, makeToken) => {
    const res = await get('/who', await makeToken());
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="ticres"');
    expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('answers 401 for a Basic authorization header', async () => {
    expect((await get('/who', 'dXNlcjpwYXNz', 'Basic')).statusCode).toBe(401);
  });

  it('answers 403 FORBIDDEN to a non-admin on an admin route, 200 to an admin', async () => {
    const customer = await get('/admin', await signAccessToken(key, { role: 'customer' }));
    expect(customer.statusCode).toBe(403);
    expect(customer.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await get('/admin', await signAccessToken(key, { role: 'admin' }))).statusCode).toBe(200);
  });

  it('answers 401 TOKEN_REVOKED for a token the revocation record refuses', async () => {
    const res = await get('/who', await signAccessToken(key, { sid: 'logged-out', ver: 0 }));
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="ticres"');
    expect(res.json()).toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('refuses an admin route to an admin token whose holder auth no longer knows as an admin', async () => {
    const token = await signAccessToken(key, { role: 'admin' });
    currentRoles.set(token, 'customer');
    const res = await get('/admin', token);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('fails closed when a route reads the caller without authenticating', async () => {
    expect((await get('/forgot-the-hook', await signAccessToken(key))).statusCode).toBe(401);
  });
});
