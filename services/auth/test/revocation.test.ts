import { createPool, revocationKeys } from '@ticres/shared';
import { decodeJwt } from 'jose';
import { Redis } from 'ioredis';
import { failure, testRedisUrl } from '@ticres/shared/testing';
import { startAuthOverGrpc, type AuthOverGrpc } from './support/auth-over-grpc';

/**
 * Issue 10, item 1, straight against auth's gRPC port: a role change and a logout revoke access
 * tokens already issued, in auth's own checks and in the revocation record every gateway reads.
 */
describe('revoking issued access tokens (AuthService over gRPC)', () => {
  let auth: AuthOverGrpc;
  let redis: Redis;

  beforeAll(async () => {
    auth = await startAuthOverGrpc('ticres_auth_revocation');
    redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    redis?.disconnect();
    await auth?.stop();
  });

  /** Registers and logs in; `admin` makes the account an admin by hand first, as an operator does. */
  async function account(email: string, { admin = false } = {}) {
    const user = await auth.client.call.Register({ name: email, email, password: 'long-enough-password' });
    if (admin) {
      const pool = createPool({ connectionString: auth.serviceUrl, schema: 'auth' });
      await pool.query(/* sql */ `UPDATE users SET role = 'admin' WHERE id = $1`, [user.id]);
      await pool.end();
    }
    return { user, session: await auth.client.call.Login({ email, password: 'long-enough-password' }) };
  }

  it("a demoted admin's token can no longer act; its refresh carries the new role", async () => {
    const boss = await account('boss@example.com', { admin: true });
    const demoted = await account('demoted@example.com', { admin: true });
    const stranger = await account('stranger@example.com');
    expect(decodeJwt(demoted.session.access_token)).toMatchObject({ role: 'admin', ver: 0 });

    await auth.client.call.SetUserRole({ id: demoted.user.id, role: 'customer' }, { token: boss.session.access_token });

    // What the attack review saw: the old admin token promoting itself back and a stranger.
    const asOldToken = { token: demoted.session.access_token };
    expect((await failure(auth.client.call.SetUserRole({ id: demoted.user.id, role: 'admin' }, asOldToken))).code).toBe('TOKEN_REVOKED');
    expect((await failure(auth.client.call.SetUserRole({ id: stranger.user.id, role: 'admin' }, asOldToken))).code).toBe('TOKEN_REVOKED');
    expect((await failure(auth.client.call.GetUser({ id: '' }, asOldToken))).code).toBe('TOKEN_REVOKED');
    // Every gateway reads the same: tokens below version 1 of this user are revoked.
    expect(await redis.get(revocationKeys(auth.revocationPrefix).user(demoted.user.id))).toBe('1');

    const refreshed = await auth.client.call.Refresh({ refresh_token: demoted.session.refresh_token });
    expect(decodeJwt(refreshed.access_token)).toMatchObject({ sub: demoted.user.id, role: 'customer', ver: 1 });
    await expect(auth.client.call.GetUser({ id: '' }, { token: refreshed.access_token })).resolves.toMatchObject({ role: 'customer' });
    expect((await failure(auth.client.call.SetUserRole({ id: demoted.user.id, role: 'admin' }, { token: refreshed.access_token }))).code).toBe(
      'FORBIDDEN',
    );
    await expect(auth.client.call.GetUser({ id: stranger.user.id }, { token: boss.session.access_token })).resolves.toMatchObject({
      role: 'customer',
    });
  });

  it("a logout revokes that session's access tokens at once, and only that session's", async () => {
    const { user, session } = await account('leaving@example.com');
    const otherDevice = await auth.client.call.Login({ email: 'leaving@example.com', password: 'long-enough-password' });
    const sessionId = decodeJwt(session.access_token).sid as string;

    await auth.client.call.Logout({ refresh_token: session.refresh_token });

    expect((await failure(auth.client.call.GetUser({ id: '' }, { token: session.access_token }))).code).toBe('TOKEN_REVOKED');
    expect(await redis.get(revocationKeys(auth.revocationPrefix).session(sessionId))).toBe('1');
    expect(await redis.ttl(revocationKeys(auth.revocationPrefix).session(sessionId))).toBeGreaterThan(0);
    await expect(auth.client.call.GetUser({ id: '' }, { token: otherDevice.access_token })).resolves.toMatchObject({ id: user.id });
  });

  it("a reused refresh token revokes its family's access tokens too", async () => {
    const { session } = await account('stolen@example.com');
    const rotated = await auth.client.call.Refresh({ refresh_token: session.refresh_token });
    await failure(auth.client.call.Refresh({ refresh_token: session.refresh_token }));

    expect((await failure(auth.client.call.GetUser({ id: '' }, { token: rotated.access_token }))).code).toBe('TOKEN_REVOKED');
    expect(await redis.get(revocationKeys(auth.revocationPrefix).session(decodeJwt(rotated.access_token).sid as string))).toBe('1');
  });
});
