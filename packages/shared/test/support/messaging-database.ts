import { Client, type Pool } from 'pg';
import { createPool } from '../../src';
import { createTestDatabase, type TestDatabase } from '../../src/testing';

/** The DDL a service puts in its migrations (see src/messaging/README.md). */
const MESSAGING_TABLES = /* sql */ `
  CREATE TABLE outbox (
    id           uuid PRIMARY KEY,
    type         text NOT NULL,
    version      integer NOT NULL DEFAULT 1,
    aggregate_id uuid NOT NULL,
    payload      jsonb NOT NULL,
    headers      jsonb NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
  );
  CREATE INDEX outbox_pending ON outbox (created_at, id) WHERE published_at IS NULL;
  CREATE TABLE inbox (
    message_id  uuid PRIMARY KEY,
    type        text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
  );
`;

export interface MessagingDatabase {
  database: TestDatabase;
  schema: string;
  /** Works in `schema` through its search_path, as a service's pool does. */
  pool: Pool;
  close(): Promise<void>;
}

/** A database of its own with a service schema holding the outbox and inbox, plus `extraSql`. */
export async function createMessagingDatabase(extraSql = '', schema = 'svc'): Promise<MessagingDatabase> {
  const database = await createTestDatabase('ticres_messaging');
  const admin = new Client({ connectionString: database.url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}; ${MESSAGING_TABLES} ${extraSql}`);
  } finally {
    await admin.end();
  }
  const pool = createPool({ connectionString: database.url, schema, max: 12, applicationName: 'messaging-test' });
  return {
    database,
    schema,
    pool,
    async close() {
      await pool.end();
      await database.drop();
    },
  };
}
