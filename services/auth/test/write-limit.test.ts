import { createPool } from '@ticres/shared';
import { countedWrites, outcomeOf } from '@ticres/shared/testing';
import { startAuthOverGrpc, type AuthOverGrpc } from './support/auth-over-grpc';

const NOTIFIER_SECRET = 'notifier-test-secret-0123';
const WRITE_LIMIT_PER_USER = 3;

/**
 * Auth's share of the per-person write limit (role changes), over real gRPC and real Redis: what
 * an admin calling auth's port directly meets, without the gateway. A day's window (it starts at
 * 00:00 UTC), so only a run that crosses midnight UTC can see its counts start again.
 */
describe('AuthService write limit (WRITE_LIMIT_PER_USER)', () => {
  let auth: AuthOverGrpc;
  let admin: { id: string; token: string };
  let targetId: string;

  beforeAll(async () => {
    auth = await startAuthOverGrpc('ticres_auth_write_limit', {
      SERVICE_SECRETS: `notifier=${NOTIFIER_SECRET}`,
      WRITE_LIMIT_PER_USER: String(WRITE_LIMIT_PER_USER),
      WRITE_LIMIT_WINDOW_SECONDS: '86400',
    });
    const register = (name: string) => auth.client.call.Register({ name, email: `${name}@example.com`, password: `${name}-password` });
    const boss = await register('boss');
    targetId = (await register('target')).id;
    const pool = createPool({ connectionString: auth.serviceUrl, schema: 'auth', max: 1 });
    await pool.query(/* sql */ `UPDATE users SET role = 'admin' WHERE id = $1`, [boss.id]);
    await pool.end();
    admin = { id: boss.id, token: (await auth.client.call.Login({ email: 'boss@example.com', password: 'boss-password' })).access_token };
  });
  afterAll(() => auth?.stop());

  const setRole = (token: string, role = 'organizer') => outcomeOf(auth.client.call.SetUserRole({ id: targetId, role }, { token }));

  it('refuses an admin past the limit with RATE_LIMITED and a wait', async () => {
    const answers = [await setRole(admin.token), await setRole(admin.token, 'root'), await setRole(admin.token), await setRole(admin.token)];
    expect(answers).toEqual(['ok', 'VALIDATION_FAILED', 'ok', 'RATE_LIMITED']);
    // Counted in Redis, where every replica (and every service sharing the prefix) reads the same count.
    expect(await countedWrites(auth.writeLimitPrefix, admin.id)).toBe(answers.length);
  });

  it('never counts a service token: refused as no person, never as over the limit', async () => {
    const { access_token: token } = await auth.client.call.IssueServiceToken({ service: 'notifier', secret: NOTIFIER_SECRET });
    const answers = [];
    for (let call = 0; call < WRITE_LIMIT_PER_USER + 2; call += 1) answers.push(await setRole(token));
    expect(answers).toEqual(Array(WRITE_LIMIT_PER_USER + 2).fill('UNAUTHENTICATED'));
    expect(await countedWrites(auth.writeLimitPrefix, 'service:notifier')).toBe(0);
  });
});
