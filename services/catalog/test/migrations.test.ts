import { runMigrations } from '@ticres/shared';
import { CATALOG_SCHEMA, MIGRATIONS_DIRECTORY } from '../src/db/migrations';
import { createCatalogTestDatabase, type CatalogTestDatabase } from './support/catalog-database';

const migrate = (pool: CatalogTestDatabase['pool']) => runMigrations(pool, { schema: CATALOG_SCHEMA, directory: MIGRATIONS_DIRECTORY });

describe('catalog migrations', () => {
  let db: CatalogTestDatabase;

  beforeAll(async () => {
    db = await createCatalogTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('apply each migration exactly once when two replicas run them at once', async () => {
    const [first, second] = await Promise.all([migrate(db.newPool()), migrate(db.newPool())]);
    expect([...first, ...second].sort()).toEqual(['1_create_catalog_tables', '2_housekeeping_and_owed_invalidation', '3_search_trigram_indexes']);
    await expect(migrate(db.pool)).resolves.toEqual([]);
  });

  it('create the events, outbox and owed-invalidation tables in the catalog schema, owned by the catalog role', async () => {
    const { rows } = await db.pool.query<{ tablename: string; tableowner: string }>(
      /* sql */ `SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'catalog' ORDER BY tablename`,
    );
    expect(rows).toEqual(
      ['cache_invalidation_owed', 'events', 'outbox', 'schema_migrations'].map((tablename) => ({ tablename, tableowner: 'ticres_catalog' })),
    );
  });

  it('give the outbox the columns and pending index the relay expects', async () => {
    const { rows: columns } = await db.pool.query<{ column_name: string; data_type: string; is_nullable: string }>(/* sql */ `
      SELECT column_name, data_type, is_nullable FROM information_schema.columns
      WHERE table_schema = 'catalog' AND table_name = 'outbox' ORDER BY ordinal_position`);
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'uuid', is_nullable: 'NO' },
      { column_name: 'type', data_type: 'text', is_nullable: 'NO' },
      { column_name: 'version', data_type: 'integer', is_nullable: 'NO' },
      { column_name: 'aggregate_id', data_type: 'uuid', is_nullable: 'NO' },
      { column_name: 'payload', data_type: 'jsonb', is_nullable: 'NO' },
      { column_name: 'headers', data_type: 'jsonb', is_nullable: 'NO' },
      { column_name: 'created_at', data_type: 'timestamp with time zone', is_nullable: 'NO' },
      { column_name: 'published_at', data_type: 'timestamp with time zone', is_nullable: 'YES' },
    ]);
    const { rows: indexes } = await db.pool.query<{ indexdef: string }>(
      /* sql */ `SELECT indexdef FROM pg_indexes WHERE schemaname = 'catalog' AND indexname = 'outbox_pending'`,
    );
    expect(indexes[0]?.indexdef).toMatch(/\(created_at, id\) WHERE \(published_at IS NULL\)/);
  });

  it('keep the stored status to available and cancelled: completed is derived', async () => {
    await expect(
      db.pool.query(/* sql */ `
        INSERT INTO events (id, name, location, starts_at, currency, status, organizer_id, sections, capacity, created_at, updated_at)
        VALUES (gen_random_uuid(), 'N', 'L', now(), 'IDR', 'completed', gen_random_uuid(), '[{}]', 1, now(), now())`),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('serve a search of names and places through trigram indexes, not a scan of every event', async () => {
    await db.pool.query(/* sql */ `
      INSERT INTO events (id, name, location, starts_at, currency, organizer_id, sections, capacity, created_at, updated_at)
      SELECT gen_random_uuid(), 'Concert ' || i, 'City ' || i, now() + interval '1 day', 'IDR', gen_random_uuid(), '[{}]', 1, now(), now()
      FROM generate_series(1, 10000) AS i`);
    await db.pool.query('ANALYZE events');
    const { rows } = await db.pool.query<{ 'QUERY PLAN': string }>(
      /* sql */ `EXPLAIN SELECT id FROM events WHERE name ILIKE $1 ESCAPE '\\' OR location ILIKE $1 ESCAPE '\\'`,
      ['%Jakarta%'],
    );
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(plan).toContain('events_name_trgm_idx');
    expect(plan).toContain('events_location_trgm_idx');
  });
});
