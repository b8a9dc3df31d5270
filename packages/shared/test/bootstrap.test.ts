import { Client } from 'pg';
import { bootstrapServiceDatabase, DATABASE_EXTENSIONS } from '../src';
import { createTestDatabase, type TestDatabase } from '../src/testing';

describe('bootstrapServiceDatabase', () => {
  let database: TestDatabase;
  const roleUrl = (role: string) => {
    const url = new URL(database.url);
    url.username = role;
    url.password = role;
    return url.toString();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  async function asRole<T>(role: string, work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: roleUrl(role) });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  it('gives each service role its own schema and nothing else, and is safe to repeat concurrently', async () => {
    const bootstrap = (role: string, schema: string) => bootstrapServiceDatabase({ adminUrl: database.url, databaseUrl: roleUrl(role), schema });
    await Promise.all([bootstrap('ticres_test_alpha', 'alpha'), bootstrap('ticres_test_alpha', 'alpha'), bootstrap('ticres_test_beta', 'beta')]);

    await asRole('ticres_test_alpha', (c) => c.query('CREATE TABLE alpha.things (id int)'));
    await asRole('ticres_test_beta', (c) => c.query('CREATE TABLE beta.secrets (id int)'));

    await expect(asRole('ticres_test_alpha', (c) => c.query('SELECT * FROM beta.secrets'))).rejects.toMatchObject({ code: '42501' });
    await expect(asRole('ticres_test_alpha', (c) => c.query('CREATE TABLE beta.intruder (id int)'))).rejects.toMatchObject({ code: '42501' });
    await expect(asRole('ticres_test_alpha', (c) => c.query('CREATE TABLE public.intruder (id int)'))).rejects.toMatchObject({ code: '42501' });
  });

  it('creates the extensions the migrations use, for every service role to use in its own schema', async () => {
    await bootstrapServiceDatabase({ adminUrl: database.url, databaseUrl: roleUrl('ticres_test_gamma'), schema: 'gamma' });
    await asRole('ticres_test_gamma', async (c) => {
      await c.query('CREATE TABLE gamma.names (name text)');
      await c.query('CREATE INDEX names_trgm ON gamma.names USING gin (name public.gin_trgm_ops)');
    });
    const { rows } = await asRole('ticres_test_gamma', (c) => c.query<{ extname: string }>('SELECT extname FROM pg_extension ORDER BY extname'));
    expect(rows.map((row) => row.extname)).toEqual(expect.arrayContaining([...DATABASE_EXTENSIONS]));
  });
});
