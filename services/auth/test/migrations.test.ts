import { runMigrations } from '@ticres/shared';
import { AUTH_SCHEMA, MIGRATIONS_DIRECTORY } from '../src/db/migrations';
import { createAuthTestDatabase, type AuthTestDatabase } from './support/auth-database';

const migrate = (db: AuthTestDatabase['pool']) => runMigrations(db, { schema: AUTH_SCHEMA, directory: MIGRATIONS_DIRECTORY });

describe('auth migrations', () => {
  let db: AuthTestDatabase;

  beforeAll(async () => {
    db = await createAuthTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await db.drop();
  });

  it('apply each migration exactly once when two replicas run them at once on a fresh schema', async () => {
    const [first, second] = await Promise.all([migrate(db.newPool()), migrate(db.newPool())]);

    expect([...first, ...second].sort()).toEqual(['1_create_auth_tables', '2_user_token_version']);
    const { rows } = await db.pool.query<{ version: number; name: string }>(/* sql */ `SELECT version, name FROM auth.schema_migrations ORDER BY version`);
    expect(rows).toEqual([
      { version: 1, name: 'create_auth_tables' },
      { version: 2, name: 'user_token_version' },
    ]);
  });

  it('are a no-op returning [] when run again', async () => {
    await expect(migrate(db.pool)).resolves.toEqual([]);
    const { rows } = await db.pool.query(/* sql */ `SELECT count(*)::int AS n FROM auth.schema_migrations`);
    expect(rows[0]).toEqual({ n: 2 });
  });

  it('create the tables in the auth schema, owned by the auth role', async () => {
    const { rows } = await db.pool.query<{ tablename: string; tableowner: string }>(
      /* sql */ `SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'auth' ORDER BY tablename`,
    );
    expect(rows).toEqual(['refresh_tokens', 'schema_migrations', 'signing_keys', 'users'].map((tablename) => ({ tablename, tableowner: 'ticres_auth' })));
  });

  it('enforce the role with a CHECK constraint', async () => {
    await expect(
      db.pool.query(/* sql */ `INSERT INTO users (id, name, email, password_hash, role) VALUES (gen_random_uuid(), 'X', 'x@example.com', 'h', 'root')`),
    ).rejects.toMatchObject({ code: '23514' });
  });
});
