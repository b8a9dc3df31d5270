import { decodeJwt } from 'jose';
import { createAdmin, registerAndLogin } from '../support/accounts';
import { apiClient, dataOf, problemOf, type ApiClient, type ApiResponse, type Role, type Tokens } from '../support/http';
import { startStack, type Stack } from '../support/stack';

/**
 * Issue 10, item 1, through the gateway: a role change and a logout take effect at once for
 * access tokens already issued (the stack reads the revocation record on every request:
 * REVOCATION_CACHE_MS=0), and admin routes re-check the caller with auth.
 */
describe('e2e: revoking issued access tokens', () => {
  let stack: Stack;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startStack();
    api = apiClient(stack.baseUrl);
  }, 60_000);
  afterAll(() => stack?.stop(), 30_000);

  const setRole = (token: string, userId: string, role: Role) => api.put(`/api/v1/admin/users/${userId}/role`, { role }, { token });
  const expectRevoked = (res: ApiResponse) => {
    expect(res.status).toBe(401);
    expect(problemOf(res).code).toBe('TOKEN_REVOKED');
  };

  it("a demoted admin's token stops working at once; the next refresh carries the new role", async () => {
    const boss = await createAdmin(api, stack.sql, 'boss');
    const demoted = await createAdmin(api, stack.sql, 'demoted');
    const stranger = await registerAndLogin(api, 'stranger');
    const oldToken = demoted.tokens.access_token;
    expect((await api.get('/api/v1/admin/bookings', { token: oldToken })).status).toBe(200);

    expect((await setRole(boss.tokens.access_token, demoted.user.id, 'customer')).status).toBe(200);

    // What the attack review did with the old token: promote itself back, promote a stranger.
    expectRevoked(await setRole(oldToken, demoted.user.id, 'admin'));
    expectRevoked(await setRole(oldToken, stranger.user.id, 'admin'));
    expectRevoked(await api.get('/api/v1/admin/bookings', { token: oldToken }));
    // Ordinary routes too, answered from the revocation record without asking auth.
    expectRevoked(await api.get('/api/v1/me/bookings', { token: oldToken }));

    const refreshed = dataOf<Tokens>(await api.post('/api/v1/refresh', { refresh_token: demoted.tokens.refresh_token }));
    expect(decodeJwt(refreshed.access_token)).toMatchObject({ role: 'customer' });
    expect((await api.get('/api/v1/me/bookings', { token: refreshed.access_token })).status).toBe(200);
    expect(problemOf(await setRole(refreshed.access_token, demoted.user.id, 'admin')).code).toBe('FORBIDDEN');
    expect(dataOf<{ role: string }>(await api.get('/api/v1/me', { token: stranger.tokens.access_token })).role).toBe('customer');
  });

  it("a logout revokes that session's access token at once, on every route", async () => {
    const leaving = await registerAndLogin(api, 'leaving');
    const token = leaving.tokens.access_token;
    expect((await api.get('/api/v1/me/bookings', { token })).status).toBe(200);

    expect((await api.post('/api/v1/logout', { refresh_token: leaving.tokens.refresh_token })).status).toBe(204);

    expectRevoked(await api.get('/api/v1/me/bookings', { token }));
    expectRevoked(await api.get('/api/v1/me', { token }));
  });

  it("admin routes ask auth for the caller's role now, even when the revocation record missed the change", async () => {
    const admin = await createAdmin(api, stack.sql, 'unrecorded');
    // A demotion auth committed but whose record never reached Redis (say Redis was down then).
    await stack.sql.query(/* sql */ `UPDATE auth.users SET role = 'customer', token_version = token_version + 1 WHERE id = $1`, [admin.user.id]);

    expect((await api.get('/api/v1/me/bookings', { token: admin.tokens.access_token })).status).toBe(200);
    expectRevoked(await api.get('/api/v1/admin/bookings', { token: admin.tokens.access_token }));
  });
});
