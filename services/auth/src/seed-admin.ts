import { ConfigError, createLogger, createPool, isAppError, loadConfig, refuseDevelopmentSecrets } from '@ticres/shared';
import { z } from 'zod';
import { composeAuth } from './compose';
import { authConfigShape } from './config';
import { AUTH_SCHEMA } from './db/migrations';
import { createUserRepository } from './db/user.repository';
import type { Role } from './domain/role';
import type { User } from './domain/user';
import type { RegistrationInput } from './domain/registration';
import type { RegisterUserDirectly } from './usecases/register-user';
import type { Clock } from './usecases/transactional';

/** auth's own variables plus the admin account to make sure of. */
const seedAdminConfigShape = {
  ...authConfigShape,
  ADMIN_EMAIL: z.string().min(1).default('admin@ticres.com'),
  /** The local-development default; any deployment sets its own. Checked by registration (8..72 bytes). */
  ADMIN_PASSWORD: z.string().min(1).default('admin123'),
  ADMIN_NAME: z.string().min(1).default('TicRes Admin'),
};

export interface EnsureAdminPorts {
  registerUser: RegisterUserDirectly;
  users: {
    findCredentialsByEmail(email: string): Promise<User | undefined>;
    updateRole(id: string, role: Role, at: Date): Promise<User | undefined>;
  };
  now: Clock;
}

/** `created`: a new account; `promoted`: an existing one made admin; `unchanged`: already an admin. */
export type AdminSeedOutcome = 'created' | 'promoted' | 'unchanged';

const toUser = ({ id, name, email, role, createdAt, tokenVersion }: User): User => ({ id, name, email, role, createdAt, tokenVersion });

/**
 * Makes sure an admin account exists, idempotently: registers it like any sign-up (so the
 * password policy and hashing are registration's own), then promotes it. An account that already
 * exists keeps its name and password; only its role is made admin.
 */
export async function ensureAdmin(
  { registerUser, users, now }: EnsureAdminPorts,
  account: RegistrationInput,
): Promise<{ user: User; outcome: AdminSeedOutcome }> {
  let user: User;
  let created = false;
  try {
    user = await registerUser(account);
    created = true;
  } catch (error) {
    if (!isAppError(error) || error.code !== 'EMAIL_TAKEN') throw error;
    const existing = await users.findCredentialsByEmail(account.email.trim());
    if (!existing) throw error;
    user = toUser(existing);
  }
  if (user.role === 'admin') return { user, outcome: 'unchanged' };
  const promoted = await users.updateRole(user.id, 'admin', now());
  if (!promoted) throw new Error(`user ${user.id} disappeared while being made admin`);
  return { user: promoted, outcome: created ? 'created' : 'promoted' };
}

/** `pnpm run seed` in services/auth: the admin account ADMIN_EMAIL with ADMIN_PASSWORD. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(seedAdminConfigShape);
    refuseDevelopmentSecrets(config.NODE_ENV, [{ name: 'ADMIN_PASSWORD', values: [config.ADMIN_PASSWORD] }]);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ service: 'auth-seed-admin', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' });
  const pool = createPool({ connectionString: config.DATABASE_URL, schema: AUTH_SCHEMA, applicationName: 'ticres-auth-seed' });
  try {
    const auth = await composeAuth(pool, config, { logger });
    const { user, outcome } = await ensureAdmin(
      { registerUser: auth.registerUser, users: createUserRepository(pool), now: () => new Date() },
      { name: config.ADMIN_NAME, email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD },
    ).finally(() => auth.close());
    logger.info({ user_id: user.id, email: user.email, outcome }, 'admin account ready');
  } catch (error) {
    // A refused account names the bad field (e.g. password), never its value.
    if (isAppError(error)) logger.error({ code: error.code, fields: error.fields }, `admin seed failed: ${error.message}`);
    else logger.error({ err: error }, 'admin seed failed');
    process.exitCode = 1;
  } finally {
    await pool.end();
  }
}

if (require.main === module) void main();
