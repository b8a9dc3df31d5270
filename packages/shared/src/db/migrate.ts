import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool, PoolClient } from 'pg';
import type { z } from 'zod';
import { exitOnConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { bootstrapServiceDatabase } from './bootstrap';
import { createPool } from './pool';
import { withTransaction } from './transaction';

export interface MigrationOptions {
  /** The schema the migrations create objects in; also names the lock and the history table. */
  schema: string;
  /** Folder of numbered files: `0001_create_users.sql`, `0002_...`. */
  directory: string;
}

interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE_NAME = /^(\d+)_([\w-]+)\.sql$/;

async function readMigrations(directory: string): Promise<MigrationFile[]> {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (fileName) => {
      const match = FILE_NAME.exec(fileName);
      if (!match) throw new Error(`Migration file name must look like 0001_name.sql: ${fileName}`);
      const sql = await readFile(path.join(directory, fileName), 'utf8');
      return {
        version: Number(match[1]),
        name: match[2] ?? fileName,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}

async function appliedChecksums(client: PoolClient, schema: string): Promise<Map<number, string>> {
  const { rows } = await client.query<{ version: number; checksum: string }>(/* sql */ `SELECT version, checksum FROM ${schema}.schema_migrations`);
  return new Map(rows.map((row) => [row.version, row.checksum]));
}

/**
 * Applies the pending migrations of one schema, each in its own transaction, and returns the
 * names applied. A session advisory lock per schema makes replicas that start together take
 * turns: the second finds nothing left to do. An edited, already-applied file is an error.
 */
export async function runMigrations(pool: Pool, { schema, directory }: MigrationOptions): Promise<string[]> {
  const files = await readMigrations(directory);
  const quoted = `"${schema.replace(/"/g, '""')}"`;
  const lockClient = await pool.connect();
  let lockClientBroken: Error | undefined;
  const markBroken = (error: Error) => {
    lockClientBroken = error;
  };
  lockClient.on('error', markBroken);
  try {
    // A replica may wait for another's migrations longer than the pool's statement timeout.
    await lockClient.query('SET statement_timeout = 0');
    await lockClient.query('SELECT pg_advisory_lock(hashtext($1))', [`ticres.migrate.${schema}`]);
    const exists = await lockClient.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount === 0) await lockClient.query(`CREATE SCHEMA ${quoted}`);
    await lockClient.query(/* sql */ `
      CREATE TABLE IF NOT EXISTS ${quoted}.schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        checksum   text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const applied = await appliedChecksums(lockClient, quoted);
    const done: string[] = [];
    for (const file of files) {
      const previous = applied.get(file.version);
      if (previous !== undefined) {
        if (previous !== file.checksum) {
          throw new Error(`Migration ${file.version}_${file.name} of ${schema} changed after it was applied`);
        }
        continue;
      }
      await withTransaction(pool, async (client) => {
        await client.query(`SET LOCAL search_path TO ${quoted}`);
        await client.query('SET LOCAL statement_timeout = 0');
        await client.query(file.sql);
        await client.query(`INSERT INTO ${quoted}.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`, [
          file.version,
          file.name,
          file.checksum,
        ]);
      });
      done.push(`${file.version}_${file.name}`);
    }
    return done;
  } finally {
    // A client that may still hold the session lock must never go back to the pool.
    try {
      await lockClient.query('SELECT pg_advisory_unlock(hashtext($1))', [`ticres.migrate.${schema}`]);
      await lockClient.query('RESET statement_timeout');
    } catch (error) {
      lockClientBroken ??= error as Error;
    }
    lockClient.off('error', markBroken);
    lockClient.release(lockClientBroken ?? false);
  }
}

export interface ServiceMigration extends MigrationOptions {
  /** The service's own URL: its database, role and password. */
  databaseUrl: string;
  /** When given, the database, the role and the schema are created with it first. */
  adminUrl?: string | undefined;
}

/** Bootstraps the service's database (when an admin URL is given), then applies its migrations. */
export async function migrateServiceDatabase(pool: Pool, { adminUrl, databaseUrl, schema, directory }: ServiceMigration): Promise<string[]> {
  if (adminUrl) await bootstrapServiceDatabase({ adminUrl, databaseUrl, schema });
  return runMigrations(pool, { schema, directory });
}

/** The variables a migration reads, as a service's config shape declares them (defaults included). */
export interface MigrationConfigShape {
  LOG_LEVEL: z.ZodType<string>;
  DATABASE_URL: z.ZodType<string>;
  DATABASE_ADMIN_URL: z.ZodType<string | undefined>;
}

/**
 * The body of each service's `pnpm migrate` (src/migrate.ts): reads only the migration's own
 * variables from the environment (so a migration job needs no service secret), migrates, logs
 * what was applied, and sets a failing exit code instead of throwing.
 */
export async function runMigrationCli(service: string, shape: MigrationConfigShape, files: MigrationOptions): Promise<void> {
  const { LOG_LEVEL, DATABASE_URL, DATABASE_ADMIN_URL } = shape;
  const config = exitOnConfigError(() => loadConfig({ LOG_LEVEL, DATABASE_URL, DATABASE_ADMIN_URL }));
  const migration: ServiceMigration = { ...files, databaseUrl: config.DATABASE_URL, adminUrl: config.DATABASE_ADMIN_URL };
  const logger = createLogger({ service: `${service}-migrate`, level: config.LOG_LEVEL });
  const pool = createPool({ connectionString: migration.databaseUrl, schema: migration.schema, applicationName: `ticres-${service}-migrate` });
  try {
    const applied = await migrateServiceDatabase(pool, migration);
    logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'schema up to date');
  } catch (error) {
    logger.error({ err: error }, 'migration failed');
    process.exitCode = 1;
  } finally {
    await pool.end();
  }
}
