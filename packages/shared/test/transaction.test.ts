import type { Pool } from 'pg';
import { afterCommit, createPool, isUniqueViolation, writeWithCommit, withTransaction } from '../src';
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

  it('sends writeWithCommit statements in the message of the COMMIT: committed with the work, and no round trip of their own', async () => {
    await withTransaction(pool, async (client) => {
      await client.query('INSERT INTO items VALUES (20)');
      const query = jest.spyOn(client, 'query');
      await writeWithCommit(client, 'INSERT INTO items VALUES ($1)', [21]);
      await writeWithCommit(client, 'INSERT INTO items SELECT $2 WHERE $1 IS NULL', [null, '22']);
      expect(query).not.toHaveBeenCalled();
      query.mockRestore();
    });
    expect((await pool.query('SELECT id FROM items WHERE id >= 20 ORDER BY id')).rows).toEqual([{ id: 20 }, { id: 21 }, { id: 22 }]);
    await pool.query('DELETE FROM items WHERE id >= 20');
  });

  it('rolls the whole transaction back, and runs no afterCommit callback, when a writeWithCommit statement fails at the COMMIT', async () => {
    const calls: string[] = [];
    await expect(
      withTransaction(pool, async (client) => {
        await client.query('INSERT INTO items VALUES (23)');
        afterCommit(client, () => calls.push('committed'));
        await writeWithCommit(client, 'INSERT INTO items VALUES ($1)', [1]); // duplicate key
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(calls).toEqual([]);
    expect(await count()).toBe(1);
  });

  it('refuses at once a writeWithCommit statement with a placeholder it has no value for', async () => {
    await withTransaction(pool, async (client) => {
      await expect(writeWithCommit(client, 'INSERT INTO items VALUES ($2)', [25])).rejects.toThrow(/without its value/);
    });
    expect(await count()).toBe(1);
  });

  it('runs a writeWithCommit statement at once outside a transaction', async () => {
    await writeWithCommit(pool, 'INSERT INTO items VALUES ($1)', [24]);
    expect(await count()).toBe(2);
    await pool.query('DELETE FROM items WHERE id = 24');
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
