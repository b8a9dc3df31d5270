import { AppError } from '@ticres/shared';
import { composeAuth, type AuthComponents } from '../src/compose';
import { createUserRepository } from '../src/db/user.repository';
import { createAuthTestDatabase, silentLogger, testConfig, type AuthTestDatabase } from './support/auth-database';

describe('users in Postgres', () => {
  let db: AuthTestDatabase;
  let auth: AuthComponents;

  beforeAll(async () => {
    db = await createAuthTestDatabase();
    // A cost other than the suite's usual 4, so a hard-coded cost would show.
    auth = await composeAuth(db.pool, testConfig(db, { BCRYPT_COST: '5' }), { logger: silentLogger });
  });

  afterAll(async () => {
    await auth?.close();
    await db.drop();
  });

  it('stores the email as given, with a bcrypt hash of the configured cost and never the password', async () => {
    const user = await auth.registerUser({ name: ' Ada ', email: ' Ada.Lovelace@Example.com ', password: 'analytical engine' });
    expect(user).toMatchObject({ name: 'Ada', email: 'Ada.Lovelace@Example.com', role: 'customer' });

    const { rows } = await db.pool.query<{ email: string; password_hash: string }>(/* sql */ `SELECT email, password_hash FROM users WHERE id = $1`, [
      user.id,
    ]);
    expect(rows[0]?.email).toBe('Ada.Lovelace@Example.com');
    expect(rows[0]?.password_hash).toMatch(/^\$2[aby]\$05\$/);
    expect(rows[0]?.password_hash).not.toContain('analytical engine');
  });

  it('answers EMAIL_TAKEN for the same address in another case', async () => {
    await auth.registerUser({ name: 'Grace', email: 'grace@example.com', password: 'cobol cobol' });
    const error = await auth.registerUser({ name: 'Impostor', email: 'GRACE@Example.COM', password: 'cobol cobol' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'EMAIL_TAKEN' });
  });

  it('lets exactly one of two concurrent sign-ups with one address win', async () => {
    const results = await Promise.allSettled([
      auth.registerUser({ name: 'One', email: 'race@example.com', password: 'password-1' }),
      auth.registerUser({ name: 'Two', email: 'RACE@example.com', password: 'password-2' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.map((r) => (r.reason as AppError).code)).toEqual(['EMAIL_TAKEN']);
  });

  it('finds credentials by email in any case', async () => {
    const users = createUserRepository(db.pool);
    const found = await users.findCredentialsByEmail('ADA.LOVELACE@example.COM');
    expect(found).toMatchObject({ email: 'Ada.Lovelace@Example.com', passwordHash: expect.stringMatching(/^\$2/) });
    await expect(users.findCredentialsByEmail('nobody@example.com')).resolves.toBeUndefined();
  });

  it('updates a role and its updated_at, and returns undefined for an unknown id', async () => {
    const users = createUserRepository(db.pool);
    const user = await auth.registerUser({ name: 'Role', email: 'role@example.com', password: 'role-pass' });
    const at = new Date(Date.now() + 60_000);
    await expect(users.updateRole(user.id, 'organizer', at)).resolves.toMatchObject({ id: user.id, role: 'organizer' });
    const { rows } = await db.pool.query<{ updated_at: Date }>(/* sql */ `SELECT updated_at FROM users WHERE id = $1`, [user.id]);
    expect(rows[0]?.updated_at).toEqual(at);
    await expect(users.updateRole('0190a0a0-0000-7000-8000-000000000000', 'admin', at)).resolves.toBeUndefined();
  });

  it('logs in with the right password only, in any email case', async () => {
    await auth.registerUser({ name: 'Login', email: 'Login@Example.com', password: 'right password' });
    await expect(auth.login({ email: 'login@example.com', password: 'right password' }, '127.0.0.1')).resolves.toMatchObject({ tokenType: 'Bearer' });
    await expect(auth.login({ email: 'login@example.com', password: 'wrong password' }, '127.0.0.1')).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    await expect(auth.login({ email: 'ghost@example.com', password: 'right password' }, '127.0.0.1')).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
  });
});
