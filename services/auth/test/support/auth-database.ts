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
    // Logouts here write the revocation record under a prefix of this run's own.
    REVOCATION_KEY_PREFIX: `ticres:revoked:test:${db.serviceUrl.split('/').pop()}`,
    ...overrides,
  });
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
