import type { Pool, PoolClient } from 'pg';
import { createPool, OverloadedError, withCallDeadline, withTransaction } from '../src';
import { createTestDatabase, type TestDatabase } from '../src/testing';

describe('the pool under a call deadline', () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createPool({ connectionString: database.url, max: 1 });
    await pool.query('CREATE TABLE items (id int PRIMARY KEY)');
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const count = async () => Number((await pool.query('SELECT count(*) FROM items')).rows[0].count);

  it('starts no transaction for a call whose deadline has passed', async () => {
    const work = jest.fn(async (client: PoolClient) => client.query('INSERT INTO items VALUES (1)'));
    await expect(withCallDeadline(Date.now() - 1, () => withTransaction(pool, work))).rejects.toBeInstanceOf(OverloadedError);
    await expect(withCallDeadline(Date.now() - 1, () => pool.query('INSERT INTO items VALUES (1)'))).rejects.toBeInstanceOf(OverloadedError);
    expect(work).not.toHaveBeenCalled();
    expect(await count()).toBe(0);
  });

  it('stops waiting for a connection when the deadline passes, and leaves the pool’s queue', async () => {
    const busy = await pool.connect();
    try {
      const waiting = withCallDeadline(Date.now() + 100, () => pool.query('INSERT INTO items VALUES (2)'));
      expect(pool.waitingCount).toBe(1);
      await expect(waiting).rejects.toBeInstanceOf(OverloadedError);
      expect(pool.waitingCount).toBe(0);
    } finally {
      busy.release();
    }
    expect(await count()).toBe(0);
  });

  it('waits as before outside a call, and inside one with time left', async () => {
    const busy = await pool.connect();
    const outside = pool.query('INSERT INTO items VALUES (3)');
    const inside = withCallDeadline(Date.now() + 10_000, () => withTransaction(pool, (client) => client.query('INSERT INTO items VALUES (4)')));
    expect(pool.waitingCount).toBe(2);
    busy.release();
    await Promise.all([outside, inside]);
    expect(await count()).toBe(2);
  });
});
