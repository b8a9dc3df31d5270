import { createAuthClient } from '../../src/auth-client';
import { createAdmin, currentSigningKey, registerAndLogin, relogin, type Account } from '../support/accounts';
import { apiClient, dataOf, problemOf, type ApiClient, type User } from '../support/http';
import { startStack, type Stack } from '../support/stack';
import { claimsOf, headerOf, hmacWithPublicKey, newSigningKey, signAccessToken, tamperedCopy, unsignedCopy, type SigningKey } from '../support/tokens';

describe('e2e: tokens and roles', () => {
  let stack: Stack;
  let api: ApiClient;
  let customer: Account;
  let realKey: SigningKey;
  let publicKeyPem: string;

  beforeAll(async () => {
    stack = await startStack();
    api = apiClient(stack.baseUrl);
    customer = await registerAndLogin(api, 'jwt');
    realKey = await currentSigningKey(stack.sql);

    // The public key as anyone can fetch it: auth's GetPublicKeys over gRPC.
    const auth = createAuthClient(stack.authAddress, 5_000);
    try {
      const { keys } = await auth.call.GetPublicKeys({});
      const kid = headerOf(customer.tokens.access_token).kid;
      const key = keys.find((k) => k.kid === kid);
      if (!key) throw new Error(`GetPublicKeys does not list the token's kid ${String(kid)}`);
      publicKeyPem = key.public_key_pem;
    } finally {
      auth.close();
    }
  }, 60_000);
  afterAll(() => stack?.stop(), 30_000);

  const me = (token: string) => api.get('/api/v1/me', { token });
  const realClaims = () => {
    const claims = claimsOf(customer.tokens.access_token);
    return { sub: String(claims.sub), role: String(claims.role) };
  };

  describe('GET /me with a forged or unusable access token -> 401 UNAUTHENTICATED', () => {
    it('accepts the genuine token and one signed with auth’s real key and the right claims (the control)', async () => {
      expect((await me(customer.tokens.access_token)).status).toBe(200);
      expect((await me(await signAccessToken(realKey, realClaims()))).status).toBe(200);
    });

    const attacks: [string, () => Promise<string>][] = [
      ['alg: none', async () => unsignedCopy(customer.tokens.access_token)],
      ['HS256 signed with the real public key PEM as the HMAC secret', async () => hmacWithPublicKey(customer.tokens.access_token, publicKeyPem)],
      ['expired (signed by the real key)', async () => signAccessToken(realKey, { ...realClaims(), exp: Math.floor(Date.now() / 1000) - 1 })],
      ['the wrong audience (signed by the real key)', async () => signAccessToken(realKey, { ...realClaims(), aud: 'another-api' })],
      ['the wrong issuer (signed by the real key)', async () => signAccessToken(realKey, { ...realClaims(), iss: 'evil-auth' })],
      ['an unknown kid (a foreign Ed25519 key)', async () => signAccessToken(await newSigningKey('not-a-ticres-key'), realClaims())],
      ['a foreign key claiming the real kid', async () => signAccessToken(await newSigningKey(realKey.kid), realClaims())],
      ['a tampered payload (role changed to admin, signature kept)', async () => tamperedCopy(customer.tokens.access_token, { role: 'admin' })],
    ];

    it.each(attacks)('%s', async (_name, forge) => {
      const res = await me(await forge());
      expect(res.status).toBe(401);
      expect(problemOf(res).code).toBe('UNAUTHENTICATED');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });
  });

  describe('PUT /api/v1/admin/users/:id/role', () => {
    it('refuses a non-admin with 403 FORBIDDEN, even with a tampered admin claim', async () => {
      const url = `/api/v1/admin/users/${customer.user.id}/role` as const;
      const res = await api.put(url, { role: 'admin' }, { token: customer.tokens.access_token });
      expect(res.status).toBe(403);
      expect(problemOf(res).code).toBe('FORBIDDEN');

      const forged = tamperedCopy(customer.tokens.access_token, { role: 'admin' });
      expect((await api.put(url, { role: 'admin' }, { token: forged })).status).toBe(401);
    });

    it('lets an admin change a role; the user’s next login carries it', async () => {
      const admin = await createAdmin(api, stack.sql);
      expect(claimsOf(admin.tokens.access_token).role).toBe('admin');

      const target = await registerAndLogin(api, 'promoted');
      const res = await api.put(`/api/v1/admin/users/${target.user.id}/role`, { role: 'organizer' }, { token: admin.tokens.access_token });
      expect(res.status).toBe(200);
      expect(dataOf<User>(res)).toEqual({ ...target.user, role: 'organizer' });

      const next = await relogin(api, target);
      expect(claimsOf(next.tokens.access_token).role).toBe('organizer');
      const meNow = await api.get('/api/v1/me', { token: next.tokens.access_token });
      expect(dataOf<User>(meNow).role).toBe('organizer');
    });

    it('answers 404 NOT_FOUND for a user that does not exist', async () => {
      const admin = await createAdmin(api, stack.sql);
      const res = await api.put(
        '/api/v1/admin/users/0190a4a4-7c3e-7b9a-9d7e-2f1f3c4b5a69/role',
        { role: 'organizer' },
        { token: admin.tokens.access_token },
      );
      expect(res.status).toBe(404);
      expect(problemOf(res).code).toBe('NOT_FOUND');
    });
  });
});
