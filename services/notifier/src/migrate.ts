import { runMigrationCli } from '@ticres/shared';
import { loadNotifierConfigOrExit } from './config';
import { MIGRATIONS_DIRECTORY, NOTIFIER_SCHEMA } from './db/migrations';

/** `pnpm migrate`: bootstraps with DATABASE_ADMIN_URL when set, then applies pending migrations. */
const config = loadNotifierConfigOrExit();
void runMigrationCli('notifier', config.LOG_LEVEL, {
  databaseUrl: config.DATABASE_URL,
  adminUrl: config.DATABASE_ADMIN_URL,
  schema: NOTIFIER_SCHEMA,
  directory: MIGRATIONS_DIRECTORY,
});
