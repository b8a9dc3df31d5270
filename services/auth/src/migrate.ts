import { runMigrationCli } from '@ticres/shared';
import { loadAuthConfigOrExit } from './config';
import { AUTH_SCHEMA, MIGRATIONS_DIRECTORY } from './db/migrations';

/** `pnpm migrate`: bootstraps with DATABASE_ADMIN_URL when set, then applies pending migrations. */
const config = loadAuthConfigOrExit();
void runMigrationCli('auth', config.LOG_LEVEL, {
  databaseUrl: config.DATABASE_URL,
  adminUrl: config.DATABASE_ADMIN_URL,
  schema: AUTH_SCHEMA,
  directory: MIGRATIONS_DIRECTORY,
});
