import { runMigrationCli } from '@ticres/shared';
import { authConfigShape } from './config';
import { AUTH_SCHEMA, MIGRATIONS_DIRECTORY } from './db/migrations';

/**
 * `pnpm migrate`: bootstraps with DATABASE_ADMIN_URL when set, then applies pending migrations.
 * Reads only LOG_LEVEL, DATABASE_URL and DATABASE_ADMIN_URL.
 */
void runMigrationCli('auth', authConfigShape, { schema: AUTH_SCHEMA, directory: MIGRATIONS_DIRECTORY });
