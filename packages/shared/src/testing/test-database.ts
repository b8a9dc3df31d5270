import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  name: string;
  /** URL of the new database for the admin user. */
  url: string;
  drop(): Promise<void>;
}

/** Admin URL of the test server: TEST_DATABASE_ADMIN_URL, or the local trust-auth default. */
export const testAdminUrl = (): string => process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

/**
 * `url` (a test database's admin URL) logged in as `role`, whose password is its name, as the
 * services' migrations create their roles (`ticres_<service>`).
 */
export function asRole(url: string, role: string): string {
  const login = new URL(url);
  login.username = role;
  login.password = role;
  return login.toString();
}

/**
 * Creates a database of its own for one test run, so runs never see each other's data; on the
 * test server, or on the server of `adminUrl` (e.g. a private one the test restarts).
 */
export async function createTestDatabase(prefix = 'ticres_test', adminUrl: string = testAdminUrl()): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
