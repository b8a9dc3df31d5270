import { runMigrationCli } from '@ticres/shared';
import { loadCatalogConfigOrExit } from './config';
import { CATALOG_SCHEMA, MIGRATIONS_DIRECTORY } from './db/migrations';

/** `pnpm migrate`: bootstraps with DATABASE_ADMIN_URL when set, then applies pending migrations. */
const config = loadCatalogConfigOrExit();
void runMigrationCli('catalog', config.LOG_LEVEL, {
  databaseUrl: config.DATABASE_URL,
  adminUrl: config.DATABASE_ADMIN_URL,
  schema: CATALOG_SCHEMA,
  directory: MIGRATIONS_DIRECTORY,
});
