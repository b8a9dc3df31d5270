import { runMigrationCli } from '@ticres/shared';
import { catalogConfigShape } from './config';
import { CATALOG_SCHEMA, MIGRATIONS_DIRECTORY } from './db/migrations';

/**
 * `pnpm migrate`: bootstraps with DATABASE_ADMIN_URL when set, then applies pending migrations.
 * Reads only LOG_LEVEL, DATABASE_URL and DATABASE_ADMIN_URL.
 */
void runMigrationCli('catalog', catalogConfigShape, { schema: CATALOG_SCHEMA, directory: MIGRATIONS_DIRECTORY });
