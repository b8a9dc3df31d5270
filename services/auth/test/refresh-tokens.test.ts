import { composeAuth, type AuthComponents } from '../src/compose';
import { hashRefreshToken } from '../src/tokens/refresh-token-secret';
import { createAuthTestDatabase, manualClock, silentLogger, testConfig, type AuthTestDatabase } from './support/auth-database';

interface TokenRow {
  family_id: string;
  token_hash: string;
  used_at: Date | null;
  revoked_at: Date | null;
}

describe('refresh tokens in Postgres', () => {
  let db: AuthTestDatabase;
  let auth: AuthComponents;
  const clock = manualClock();
  let userNumber = 0;

  beforeAll(async () => {
    db = await createAuthTestDatabase();
    auth = await composeAuth(db.pool, testConfig(db, { REFRESH_TOKEN_TTL_SECONDS: '3600' }), { logger: silentLogger, now: clock.now });
  });

  afterAll(async () => {
    await auth?.close();
    await db.drop();
  });

  async function loggedIn() {
    userNumber += 1;
    const email = `user${userNumber}@example.com`;
    await auth.registerUser({ name: `User ${userNumber}`, email, password: 'a good password' });
    return auth.login({ email, password: 'a good password' }, '127.0.0.1');
  }

  async function row(refreshToken: string): Promise<TokenRow> {
    const { rows } = await db.pool.query<TokenRow>(
      /* sql */ `SELECT family_id, token_hash, used_at, revoked_at FROM refresh_tokens WHERE token_hash = $1`,
      [hashRefreshToken(refreshToken)],
    );
    if (!rows[0]) throw new Error('token not stored');
    return rows[0];
  }

  async function family(familyId: string): Promise<TokenRow[]> {
    const { rows } = await db.pool.query<TokenRow>(
      /* sql */ `SELECT family_id, token_hash, used_at, revoked_at FROM refresh_tokens WHERE family_id = $1`,
      [familyId],
    );
    return rows;
  }

  it('stores only the hash of a refresh token', async () => {
    const { refreshToken } = await loggedIn();
    const { rows } = await db.pool.query(/* sql */ `SELECT * FROM refresh_tokens WHERE token_hash = $1`, [hashRefreshToken(refreshToken)]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(refreshToken);
  });

  it('persists the rotation: the old token used, a new one in the same family', async () => {
    const first = await loggedIn();
    const second = await auth.refreshSession(first.refreshToken);

    const old = await row(first.refreshToken);
    const fresh = await row(second.refreshToken);
    expect(old.used_at).not.toBeNull();
    expect(old.revoked_at).toBeNull();
    expect(fresh).toMatchObject({ family_id: old.family_id, used_at: null, revoked_at: null });
  });

  it('commits the revocation of the whole family when a rotated token is reused', async () => {
    const first = await loggedIn();
    const second = await auth.refreshSession(first.refreshToken);
    const third = await auth.refreshSession(second.refreshToken);
    const familyId = (await row(first.refreshToken)).family_id;

    await expect(auth.refreshSession(first.refreshToken)).rejects.toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
    const rows = await family(familyId);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.revoked_at !== null)).toBe(true);
    await expect(auth.refreshSession(third.refreshToken)).rejects.toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
  });

  it('leaves other sessions of the same user alone when one family is revoked', async () => {
    userNumber += 1;
    const email = `multi${userNumber}@example.com`;
    await auth.registerUser({ name: 'Multi', email, password: 'a good password' });
    const phone = await auth.login({ email, password: 'a good password' }, '127.0.0.1');
    const laptop = await auth.login({ email, password: 'a good password' }, '127.0.0.1');

    await auth.logout(phone.refreshToken);
    await expect(auth.refreshSession(phone.refreshToken)).rejects.toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
    await expect(auth.refreshSession(laptop.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('lets exactly one of several concurrent refreshes of one token succeed', async () => {
    const { refreshToken } = await loggedIn();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => auth.refreshSession(refreshToken)));

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
    }
    const rows = await family((await row(refreshToken)).family_id);
    // The one rotation made one new token; the losers' replays revoked the family.
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.revoked_at !== null)).toBe(true);
  });

  it('refuses an expired token', async () => {
    const { refreshToken } = await loggedIn();
    clock.advanceSeconds(3601);
    try {
      await expect(auth.refreshSession(refreshToken)).rejects.toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
      expect((await row(refreshToken)).used_at).toBeNull();
    } finally {
      clock.set(new Date());
    }
  });

  it('logs out by revoking the family, and succeeds for an unknown token', async () => {
    const first = await loggedIn();
    const second = await auth.refreshSession(first.refreshToken);
    await auth.logout(second.refreshToken);

    const rows = await family((await row(first.refreshToken)).family_id);
    expect(rows.every((r) => r.revoked_at !== null)).toBe(true);
    await expect(auth.logout('never-issued-token')).resolves.toBeUndefined();
  });
});
