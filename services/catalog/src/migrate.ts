import { createLogger, createPool } from '@ticres/shared';
import { loadCatalogConfigOrExit } from './config';
import { CATALOG_SCHEMA, migrateCatalogDatabase } from './db/migrations';

/** `pnpm migrate`: bootstraps with DATABASE_ADMIN_URL when set, then applies pending migrations. */
async function main(): Promise<void> {
  const config = loadCatalogConfigOrExit();
  const logger = createLogger({ service: 'catalog-migrate', level: config.LOG_LEVEL });
  const pool = createPool({ connectionString: config.DATABASE_URL, schema: CATALOG_SCHEMA, applicationName: 'ticres-catalog-migrate' });
  try {
    const applied = await migrateCatalogDatabase(pool, { databaseUrl: config.DATABASE_URL, adminUrl: config.DATABASE_ADMIN_URL });
    logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'schema up to date');
  } catch (error) {
    logger.error({ err: error }, 'migration failed');
    process.exitCode = 1;
  } finally {
    await pool.end();
  }
}

void main();
