import { runMigrationCli } from '@ticres/shared';
import { loadBookingConfigOrExit } from './config';
import { BOOKING_SCHEMA, MIGRATIONS_DIRECTORY } from './db/migrations';

/** `pnpm migrate`: bootstraps with DATABASE_ADMIN_URL when set, then applies pending migrations. */
const config = loadBookingConfigOrExit();
void runMigrationCli('booking', config.LOG_LEVEL, {
  databaseUrl: config.DATABASE_URL,
  adminUrl: config.DATABASE_ADMIN_URL,
  schema: BOOKING_SCHEMA,
  directory: MIGRATIONS_DIRECTORY,
});
