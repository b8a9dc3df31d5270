import path from 'node:path';
import { migrateServiceDatabase, type Pool } from '@ticres/shared';

/** The schema payment owns; every connection of its pool works in it. */
export const PAYMENT_SCHEMA = 'payment';

/** `services/payment/migrations`, from src/ under jest and from dist/ at run time alike. */
export const MIGRATIONS_DIRECTORY = path.resolve(__dirname, '..', '..', 'migrations');

export interface MigrationTarget {
  databaseUrl: string;
  /** When given, the database, the role and the schema are created with it first. */
  adminUrl?: string | undefined;
}

/** Bootstraps (when an admin URL is given) and applies pending migrations; returns their names. */
export function migratePaymentDatabase(pool: Pool, target: MigrationTarget): Promise<string[]> {
  return migrateServiceDatabase(pool, { ...target, schema: PAYMENT_SCHEMA, directory: MIGRATIONS_DIRECTORY });
}
