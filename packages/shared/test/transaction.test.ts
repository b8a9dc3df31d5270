import type { Pool } from 'pg';
import { afterCommit, createPool, isUniqueViolation, withTransaction } from '../src';
import { createTestDatabase, type TestDatabase } from '../src/testing';

describe('withTransaction', () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createPool({ connectionString: database.url, max: 2 });
    await pool.query('CREATE TABLE items (id int PRIMARY KEY)');
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const count = async () => Number((await pool.query('SELECT count(*) FROM items')).rows[0].count);

  it('commits the work and returns its result', async () => {
    const result = await withTransaction(pool, async (client) => {
      await client.query('INSERT INTO items VALUES (1)');
      return 'done';
    });
    expect(result).toBe('done');
    expect(await count()).toBe(1);
  });

  it('rolls back when the work throws, and returns the client to the pool', async () => {
    await expect(
      withTransaction(pool, async (client) => {
        await client.query('INSERT INTO items VALUES (2)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await count()).toBe(1);
    expect(pool.idleCount + pool.totalCount).toBeGreaterThan(0);
    expect(pool.waitingCount).toBe(0);
  });

  it('never leaks clients: more transactions than the pool size all finish', async () => {
    const failures = Array.from({ length: 10 }, (_, i) =>
      withTransaction(pool, async (client) => {
        await client.query('INSERT INTO items VALUES (1)'); // duplicate key
        return i;
      }).catch((error: unknown) => isUniqueViolation(error, 'items_pkey')),
    );
    expect(await Promise.all(failures)).toEqual(Array(10).fill(true));
  });

  it('runs afterCommit callbacks once the transaction has committed, never for one rolled back', async () => {
    const calls: string[] = [];
    await withTransaction(pool, async (client) => {
      await client.query('INSERT INTO items VALUES (10)');
      afterCommit(client, () => calls.push('committed'));
      expect(calls).toEqual([]);
    });
    expect(calls).toEqual(['committed']);

    await expect(
      withTransaction(pool, async (client) => {
        afterCommit(client, () => calls.push('rolled back'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(calls).toEqual(['committed']);
    await pool.query('DELETE FROM items WHERE id = 10');
  });

  it('runs an afterCommit callback at once outside a transaction, where statements commit as they run', () => {
    const calls: string[] = [];
    afterCommit(pool, () => calls.push('now'));
    expect(calls).toEqual(['now']);
  });

  it('fails, instead of reporting success, when the work swallowed a failed statement', async () => {
    await expect(
      withTransaction(pool, async (client) => {
        await client.query('INSERT INTO items VALUES (3)');
        await client.query('INSERT INTO items VALUES (1)').catch(() => undefined); // duplicate key, swallowed
      }),
    ).rejects.toThrow(/rolled back/);
    expect(await count()).toBe(1);
  });

  it('destroys a client whose connection broke instead of reusing it', async () => {
    await expect(
      withTransaction(pool, async (client) => {
        await client.query('SELECT pg_terminate_backend(pg_backend_pid())');
      }),
    ).rejects.toThrow();
    await expect(pool.query('SELECT 1 AS ok')).resolves.toMatchObject({ rows: [{ ok: 1 }] });
  });
});
