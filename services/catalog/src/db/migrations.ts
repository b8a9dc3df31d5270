import path from 'node:path';
import { bootstrapServiceDatabase, runMigrations, type Pool } from '@ticres/shared';

/** The schema catalog owns; every connection of its pool works in it. */
export const CATALOG_SCHEMA = 'catalog';

/** `services/catalog/migrations`, from src/ under jest and from dist/ at run time alike. */
export const MIGRATIONS_DIRECTORY = path.resolve(__dirname, '..', '..', 'migrations');

export interface MigrationTarget {
  databaseUrl: string;
  /** When given, the database, the role and the schema are created with it first. */
  adminUrl?: string | undefined;
}

/** Bootstraps (when an admin URL is given) and applies pending migrations; returns their names. */
export async function migrateCatalogDatabase(pool: Pool, { databaseUrl, adminUrl }: MigrationTarget): Promise<string[]> {
  if (adminUrl) await bootstrapServiceDatabase({ adminUrl, databaseUrl, schema: CATALOG_SCHEMA });
  return runMigrations(pool, { schema: CATALOG_SCHEMA, directory: MIGRATIONS_DIRECTORY });
}
