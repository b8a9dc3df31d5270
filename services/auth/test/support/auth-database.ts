import { bootstrapServiceDatabase, createLogger, createPool, runMigrations, type Logger, type Pool } from '@ticres/shared';
import { createTestDatabase } from '@ticres/shared/testing';
import { loadAuthConfig, type AuthConfig } from '../../src/config';
import { AUTH_SCHEMA, MIGRATIONS_DIRECTORY } from '../../src/db/migrations';

export const AUTH_ROLE = 'ticres_auth';

export interface AuthTestDatabase {
  /** The test database as the admin (superuser) sees it. */
  adminUrl: string;
  /** The same database as the auth role: what DATABASE_URL would be. */
  serviceUrl: string;
  /** A pool as the auth role, in the auth schema; closed by `drop`. */
  pool: Pool;
  /** Another such pool, as a second replica would have; closed by `drop`. */
  newPool(): Pool;
  drop(): Promise<void>;
}

/** A database of this test file's own, bootstrapped like production, migrated unless asked not to. */
export async function createAuthTestDatabase({ migrate = true } = {}): Promise<AuthTestDatabase> {
  const database = await createTestDatabase('ticres_auth_test');
  const service = new URL(database.url);
  service.username = AUTH_ROLE;
  service.password = AUTH_ROLE;
  const serviceUrl = service.toString();
  await bootstrapServiceDatabase({ adminUrl: database.url, databaseUrl: serviceUrl, schema: AUTH_SCHEMA });

  const pools: Pool[] = [];
  const newPool = () => {
    const pool = createPool({ connectionString: serviceUrl, schema: AUTH_SCHEMA });
    pools.push(pool);
    return pool;
  };
  const pool = newPool();
  if (migrate) await runMigrations(pool, { schema: AUTH_SCHEMA, directory: MIGRATIONS_DIRECTORY });

  return {
    adminUrl: database.url,
    serviceUrl,
    pool,
    newPool,
    async drop() {
      await Promise.all(pools.map((p) => p.end()));
      await database.drop();
    },
  };
}

/** The auth config a test runs with: cheap bcrypt, quiet logs, the test database. */
export function testConfig(db: AuthTestDatabase, overrides: NodeJS.ProcessEnv = {}): AuthConfig {
  return loadAuthConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.serviceUrl, BCRYPT_COST: '4', ...overrides });
}

export const silentLogger: Logger = createLogger({ service: 'auth-test', level: 'silent' });

/** A clock the test moves by hand. */
export function manualClock(start = new Date()) {
  let current = start;
  return {
    now: () => current,
    set: (to: Date) => {
      current = to;
    },
    advanceSeconds: (seconds: number) => {
      current = new Date(current.getTime() + seconds * 1000);
    },
  };
}
