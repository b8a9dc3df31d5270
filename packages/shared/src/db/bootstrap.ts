import { Client } from 'pg';

export interface ServiceDatabase {
  /** A superuser (or CREATEROLE + CREATEDB) URL; its database is only used to create the target. */
  adminUrl: string;
  /** The service's own URL: its database, role and password are created from it. */
  databaseUrl: string;
  /** The schema the role owns and works in. */
  schema: string;
}

const ALREADY_EXISTS = new Set(['42P04', '42710', '23505']);

/**
 * Extensions the services' migrations use, created in `public` (a service role cannot create
 * them): pg_trgm, whose trigram indexes serve catalog's search (ILIKE '%term%'). A database
 * bootstrapped without DATABASE_ADMIN_URL needs them created by a superuser first.
 */
export const DATABASE_EXTENSIONS = ['pg_trgm'] as const;

async function ignoreExisting(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!ALREADY_EXISTS.has((error as { code?: string }).code ?? '')) throw error;
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Creates, if missing, the service's database, its login role, the schema that role owns and the
 * database's extensions (DATABASE_EXTENSIONS), so the service itself never needs more rights than
 * its own schema. Safe to run concurrently.
 */
export async function bootstrapServiceDatabase({ adminUrl, databaseUrl, schema }: ServiceDatabase): Promise<void> {
  const target = new URL(databaseUrl);
  const database = decodeURIComponent(target.pathname.slice(1));
  const role = decodeURIComponent(target.username);
  const password = decodeURIComponent(target.password);

  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await ignoreExisting(admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`));
    const passwordClause = password ? ` PASSWORD ${admin.escapeLiteral(password)}` : '';
    await ignoreExisting(admin.query(`CREATE ROLE ${admin.escapeIdentifier(role)} LOGIN${passwordClause}`));
  } finally {
    await admin.end();
  }

  const inTarget = new Client({ connectionString: withDatabase(adminUrl, database) });
  await inTarget.connect();
  try {
    const roleId = inTarget.escapeIdentifier(role);
    // Concurrent GRANTs on one database fail with "tuple concurrently updated": take turns.
    await inTarget.query('BEGIN');
    await inTarget.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['ticres.bootstrap']);
    await inTarget.query(`GRANT CONNECT ON DATABASE ${inTarget.escapeIdentifier(database)} TO ${roleId}`);
    await inTarget.query(`CREATE SCHEMA IF NOT EXISTS ${inTarget.escapeIdentifier(schema)} AUTHORIZATION ${roleId}`);
    for (const extension of DATABASE_EXTENSIONS) {
      await inTarget.query(`CREATE EXTENSION IF NOT EXISTS ${inTarget.escapeIdentifier(extension)} WITH SCHEMA public`);
    }
    await inTarget.query('COMMIT');
  } finally {
    await inTarget.end();
  }
}
