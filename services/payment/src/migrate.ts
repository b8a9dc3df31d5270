import { runMigrationCli } from '@ticres/shared';
import { loadPaymentConfigOrExit } from './config';
import { MIGRATIONS_DIRECTORY, PAYMENT_SCHEMA } from './db/migrations';

/** `pnpm migrate`: bootstraps with DATABASE_ADMIN_URL when set, then applies pending migrations. */
const config = loadPaymentConfigOrExit();
void runMigrationCli('payment', config.LOG_LEVEL, {
  databaseUrl: config.DATABASE_URL,
  adminUrl: config.DATABASE_ADMIN_URL,
  schema: PAYMENT_SCHEMA,
  directory: MIGRATIONS_DIRECTORY,
});
