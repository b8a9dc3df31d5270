import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import { createPool, runMigrations } from '../src';
import { createTestDatabase, type TestDatabase } from '../src/testing';

describe('runMigrations', () => {
  let database: TestDatabase;
  let pool: Pool;
  let directory: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createPool({ connectionString: database.url, max: 6 });
    directory = await mkdtemp(path.join(tmpdir(), 'ticres-migrations-'));
    await writeFile(path.join(directory, '0001_create_things.sql'), 'CREATE TABLE things (id int PRIMARY KEY);');
    await writeFile(path.join(directory, '0002_add_name.sql'), 'ALTER TABLE things ADD COLUMN name text;');
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const history = async (schema: string) =>
    (await pool.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`)).rows.map((r) => r.version);

  it('applies pending migrations in order, in the named schema', async () => {
    expect(await runMigrations(pool, { schema: 'first', directory })).toEqual(['1_create_things', '2_add_name']);
    await pool.query(`INSERT INTO first.things (id, name) VALUES (1, 'a')`);
    expect(await history('first')).toEqual([1, 2]);
  });

  it('does nothing when run again', async () => {
    expect(await runMigrations(pool, { schema: 'first', directory })).toEqual([]);
    expect(await history('first')).toEqual([1, 2]);
  });

  it('lets two runners started together apply each migration once', async () => {
    const results = await Promise.all([runMigrations(pool, { schema: 'racing', directory }), runMigrations(pool, { schema: 'racing', directory })]);
    expect(results.flat().sort()).toEqual(['1_create_things', '2_add_name']);
    expect(await history('racing')).toEqual([1, 2]);
  });

  it('refuses an applied migration whose file changed', async () => {
    const edited = await mkdtemp(path.join(tmpdir(), 'ticres-migrations-'));
    await writeFile(path.join(edited, '0001_create_things.sql'), 'CREATE TABLE things (id bigint PRIMARY KEY);');
    await expect(runMigrations(pool, { schema: 'first', directory: edited })).rejects.toThrow(/changed/);
  });

  it('rolls back a failing migration whole and records nothing for it', async () => {
    const failing = await mkdtemp(path.join(tmpdir(), 'ticres-migrations-'));
    await writeFile(path.join(failing, '0001_half.sql'), 'CREATE TABLE half (id int); SELECT 1/0;');
    await expect(runMigrations(pool, { schema: 'broken', directory: failing })).rejects.toThrow();
    const { rowCount } = await pool.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'broken' AND table_name = 'half'`);
    expect(rowCount).toBe(0);
    expect(await history('broken')).toEqual([]);
  });
});

describe('runMigrations under a statement timeout', () => {
  let database: TestDatabase;
  let pool: Pool;
  let directory: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createPool({ connectionString: database.url, max: 4 });
    directory = await mkdtemp(path.join(tmpdir(), 'ticres-migrations-'));
    // Slower than the statement timeout below: a replica waiting for it must not give up.
    await writeFile(path.join(directory, '0001_slow.sql'), 'SELECT pg_sleep(1.5); CREATE TABLE slow (id int);');
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('lets a second replica wait for the first longer than the statement timeout', async () => {
    const timed = createPool({ connectionString: database.url, max: 4, statementTimeoutMs: 1_000 });
    try {
      const results = await Promise.all([runMigrations(timed, { schema: 'slow', directory }), runMigrations(timed, { schema: 'slow', directory })]);
      expect(results.flat()).toEqual(['1_slow']);
    } finally {
      await timed.end();
    }
  });
});
