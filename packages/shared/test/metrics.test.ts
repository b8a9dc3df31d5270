import { createMetricsRegistry, observeOutbox, observePool, startMetricsServer, type MetricsServer } from '../src';
import { newId } from '../src/ids';
import { scrapeMetrics } from '../src/testing';
import { testLogger } from './support/logger';
import { createMessagingDatabase, type MessagingDatabase } from './support/messaging-database';

describe('metrics listener with the pool and outbox collectors', () => {
  let db: MessagingDatabase;
  let server: MetricsServer;
  let url: string;

  beforeAll(async () => {
    db = await createMessagingDatabase();
    const registry = createMetricsRegistry('metrics-test');
    observePool(registry, db.pool);
    observeOutbox(registry, db.pool, db.schema);
    server = await startMetricsServer({ host: '127.0.0.1', port: 0, registry, logger: testLogger() });
    url = `http://127.0.0.1:${server.port}/metrics`;
  });

  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const insertOutboxRow = async (ageSeconds: number) => {
    const id = newId();
    await db.pool.query(
      `INSERT INTO outbox (id, type, aggregate_id, payload, created_at) VALUES ($1, 'event.cancelled', $1, '{}', now() - make_interval(secs => $2))`,
      [id, ageSeconds],
    );
    return id;
  };

  it('reports the unpublished outbox rows and the age of the oldest, and zero once they are published', async () => {
    const empty = await scrapeMetrics(url);
    expect(empty.value('ticres_outbox_unpublished_messages')).toBe(0);
    expect(empty.value('ticres_outbox_oldest_unpublished_age_seconds')).toBe(0);

    const oldest = await insertOutboxRow(90);
    await insertOutboxRow(5);
    const behind = await scrapeMetrics(url);
    expect(behind.value('ticres_outbox_unpublished_messages')).toBe(2);
    expect(behind.value('ticres_outbox_oldest_unpublished_age_seconds')).toBeGreaterThanOrEqual(90);
    expect(behind.value('ticres_outbox_oldest_unpublished_age_seconds')).toBeLessThan(120);

    await db.pool.query('UPDATE outbox SET published_at = now() WHERE id = $1', [oldest]);
    const caughtUp = await scrapeMetrics(url);
    expect(caughtUp.value('ticres_outbox_unpublished_messages')).toBe(1);
    expect(caughtUp.value('ticres_outbox_oldest_unpublished_age_seconds')).toBeLessThan(60);
  });

  it("reports the pool's size, idle connections and waiting callers", async () => {
    const client = await db.pool.connect();
    try {
      const scrape = await scrapeMetrics(url);
      expect(scrape.value('ticres_db_pool_max_connections')).toBe(12);
      // The checked-out client is open and busy; the scrape's own query may hold another.
      expect(scrape.value('ticres_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
      expect(scrape.value('ticres_db_pool_connections', { state: 'total' })).toBeGreaterThan(
        scrape.value('ticres_db_pool_connections', { state: 'idle' })!,
      );
      expect(scrape.value('ticres_db_pool_waiting_requests')).toBe(0);
    } finally {
      client.release();
    }
  });

  it('labels every series with the service and includes the event-loop lag', async () => {
    const scrape = await scrapeMetrics(url);
    expect(scrape.value('ticres_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(scrape.samples.filter((sample) => sample.labels.service !== 'metrics-test')).toEqual([]);
  });

  it('answers 404 off /metrics and 405 to another method', async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
    expect((await fetch(url, { method: 'POST' })).status).toBe(405);
  });
});
