import type { Pool, PoolClient } from 'pg';
import { createPool } from '../src';
import { MAX_PREPARED_TEXTS, statementName } from '../src/db/prepared-statements';
import { createTestDatabase, type TestDatabase } from '../src/testing';

describe('prepared statements', () => {
  let database: TestDatabase;
  let pool: Pool;
  let client: PoolClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createPool({ connectionString: database.url, max: 1 });
  });

  beforeEach(async () => {
    client = await pool.connect();
  });

  afterEach(() => {
    client.release();
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  /** The statements this connection has prepared (the query itself has no parameters, so it is not one). */
  const prepared = async (): Promise<string[]> =>
    (await client.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time')).rows.map((row) => row.statement);

  it('prepares a statement with parameters once per connection and runs it again by name', async () => {
    const text = 'SELECT $1::int + 1 AS next';
    const first = await client.query<{ next: number }>(text, [1]);
    const second = await client.query<{ next: number }>(text, [41]);
    expect([first.rows[0]!.next, second.rows[0]!.next]).toEqual([2, 42]);
    expect((await prepared()).filter((statement) => statement === text)).toHaveLength(1);
    const name = statementName(text)!;
    expect(name).toMatch(/^select_\d+$/);
    const { rows } = await client.query<{ calls: string }>(
      'SELECT generic_plans + custom_plans AS calls FROM pg_prepared_statements WHERE name = $1::text',
      [name],
    );
    expect(Number(rows[0]!.calls)).toBe(2);
  });

  it('prepares the statements the pool runs for its callers', async () => {
    const text = "SELECT $1::text || '!' AS shout";
    client.release();
    expect((await pool.query<{ shout: string }>(text, ['hi'])).rows[0]!.shout).toBe('hi!');
    client = await pool.connect(); // the pool's only connection, the one that ran it
    expect(await prepared()).toContain(text);
  });

  it('sends a statement without parameters as it is', async () => {
    const before = await prepared();
    await client.query('SELECT 1 AS one');
    await client.query('SELECT 2 AS two', []);
    await client.query('SELECT 3 AS three; SELECT 4 AS four');
    expect(await prepared()).toEqual(before);
  });

  it('answers a statement that does not parse with its error every time, and the connection goes on', async () => {
    const broken = 'SELEC $1::int';
    await expect(client.query(broken, [1])).rejects.toMatchObject({ code: '42601' });
    await expect(client.query(broken, [1])).rejects.toMatchObject({ code: '42601' });
    expect((await client.query<{ n: number }>('SELECT $1::int AS n', [7])).rows[0]!.n).toBe(7);
  });

  it('keeps calling back a caller that passes a callback', async () => {
    const shout = await new Promise<string>((resolve, reject) =>
      client.query<{ shout: string }>("SELECT $1::text || '?' AS shout", ['why'], (error, result) =>
        error ? reject(error) : resolve(result.rows[0]!.shout),
      ),
    );
    expect(shout).toBe('why?');
  });

  // Last: it takes every name this process has left, so a test after it would prepare nothing.
  it('prepares no new text once MAX_PREPARED_TEXTS are taken, and still runs it', async () => {
    const known = 'SELECT $1::int AS known';
    await client.query(known, [1]);
    let fillers = 0;
    while (fillers <= MAX_PREPARED_TEXTS && statementName(`SELECT $1::int + ${fillers} AS filler`) !== undefined) fillers++;
    expect(fillers).toBeLessThan(MAX_PREPARED_TEXTS);
    const late = 'SELECT $1::int * 2 AS late';
    expect(statementName(late)).toBeUndefined();
    expect((await client.query<{ late: number }>(late, [21])).rows[0]!.late).toBe(42);
    expect(await prepared()).not.toContain(late);
    expect(statementName(known)).toBeDefined();
    expect((await client.query<{ known: number }>(known, [5])).rows[0]!.known).toBe(5);
  });
});
