import { createLogger, type Logger } from '@ticres/shared';
import { createServiceTestDatabase, type ServiceTestDatabase } from '@ticres/shared/testing';
import { loadAuthConfig, type AuthConfig } from '../../src/config';
import { AUTH_SCHEMA, MIGRATIONS_DIRECTORY } from '../../src/db/migrations';

export const AUTH_ROLE = 'ticres_auth';

export type AuthTestDatabase = ServiceTestDatabase;

/** A database of this test file's own, bootstrapped like production, migrated unless asked not to. */
export function createAuthTestDatabase({ migrate = true } = {}): Promise<AuthTestDatabase> {
  return createServiceTestDatabase({ service: 'auth', schema: AUTH_SCHEMA, directory: MIGRATIONS_DIRECTORY, migrate });
}

/** The auth config a test runs with: cheap bcrypt, quiet logs, the test database. */
export function testConfig(db: AuthTestDatabase, overrides: NodeJS.ProcessEnv = {}): AuthConfig {
  return loadAuthConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.serviceUrl,
    BCRYPT_COST: '4',
    ...privateRedisKeys(db.serviceUrl),
    ...overrides,
  });
}

/**
 * Logouts write the revocation record, and sign-ups and logins count, under prefixes of the run's
 * own (its database's name), never those of a stack running beside the tests.
 */
export const privateRedisKeys = (databaseUrl: string): NodeJS.ProcessEnv => ({
  REVOCATION_KEY_PREFIX: `ticres:revoked:test:${databaseUrl.split('/').pop()}`,
  ...privateLoginLimits(databaseUrl),
});

/** Login counters and known addresses under a prefix of the run's own (its database's name), expiring soon, as nobody deletes them. */
export const privateLoginLimits = (databaseUrl: string): NodeJS.ProcessEnv => ({
  LOGIN_LIMIT_KEY_PREFIX: `ticres:login:test:${databaseUrl.split('/').pop()}`,
  LOGIN_KNOWN_ADDRESS_TTL_SECONDS: '60',
});

/** Login limits out of reach, for tests of many logins at once from one client (the limits count those in flight). */
export const UNLIMITED_LOGINS: NodeJS.ProcessEnv = {
  LOGIN_LIMIT_PER_ACCOUNT_ADDRESS: '1000000',
  LOGIN_LIMIT_PER_ADDRESS: '1000000',
  LOGIN_LIMIT_PER_ACCOUNT: '1000000',
};

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
