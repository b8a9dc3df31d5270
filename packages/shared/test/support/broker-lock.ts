import { Client } from 'pg';
import { testAdminUrl } from '../../src/testing';

const LOCK_KEY = 'ticres.test.rabbitmq';

/**
 * Test files that use RabbitMQ hold this lock shared; the broker-restart test holds it exclusive,
 * so with jest running files in parallel no other file's connections are cut by the restart.
 * A Postgres advisory lock because it is visible to every jest worker process.
 */
export async function lockBroker(mode: 'shared' | 'exclusive'): Promise<() => Promise<void>> {
  const client = new Client({ connectionString: testAdminUrl() });
  await client.connect();
  const suffix = mode === 'shared' ? '_shared' : '';
  await client.query(`SELECT pg_advisory_lock${suffix}(hashtext($1))`, [LOCK_KEY]);
  return async () => {
    await client.query(`SELECT pg_advisory_unlock${suffix}(hashtext($1))`, [LOCK_KEY]).catch(() => undefined);
    await client.end();
  };
}
