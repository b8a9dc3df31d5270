import type { Redis } from 'ioredis';
import { closeRedis, createCacheRedis } from '../src/cache/redis';
import { composeCatalog, type CatalogUseCases } from '../src/compose';
import { createEventRepository } from '../src/db/event.repository';
import { transactional } from '../src/db/transactional';
import { createEventOutbox } from '../src/messaging/event-outbox';
import { createCreateEvent } from '../src/usecases/create-event';
import {
  createCatalogTestDatabase,
  deleteCacheKeys,
  redisReady,
  outboxRows,
  silentLogger,
  testConfig,
  type CatalogTestDatabase,
} from './support/catalog-database';
import { rejectionOf } from './support/failures';
import { newEventInput, principal } from './support/fixtures';

const noCache = { invalidate: async () => undefined };

describe('writes and their outbox rows', () => {
  let db: CatalogTestDatabase;
  let redis: Redis;
  let catalog: CatalogUseCases;
  let cachePrefix: string;
  const organizer = principal('organizer');
  const admin = principal('admin');

  beforeAll(async () => {
    db = await createCatalogTestDatabase();
    const config = testConfig(db);
    cachePrefix = config.CACHE_KEY_PREFIX;
    redis = createCacheRedis(config.REDIS_URL, { commandTimeoutMs: config.CACHE_TIMEOUT_MS, logger: silentLogger });
    await redisReady(redis);
    catalog = composeCatalog(db.pool, redis, config, { logger: silentLogger });
  });

  afterAll(async () => {
    try {
      if (redis) await deleteCacheKeys(redis, cachePrefix);
    } finally {
      if (redis) await closeRedis(redis);
      await db?.drop();
    }
  });

  it('commits event.created with the full snapshot together with the event', async () => {
    const event = await catalog.createEvent(organizer, newEventInput(new Date()));
    expect(await outboxRows(db.pool, event.id)).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'event.created',
        aggregate_id: event.id,
        published_at: null,
        payload: {
          event_id: event.id,
          name: event.name,
          starts_at: event.startsAt.toISOString(),
          currency: 'IDR',
          status: 'available',
          organizer_id: organizer.userId,
          sections: [
            { name: 'VIP', price_cents: 150_000_000, rows: 2, seats_per_row: 5, capacity: 10 },
            { name: 'Festival', price_cents: 50_000_000, rows: 0, seats_per_row: 0, capacity: 40 },
          ],
        },
      },
    ]);
  });

  it('leaves neither the event nor its outbox row when the transaction fails after both were written', async () => {
    const { rows: before } = await db.pool.query<{ n: number }>(/* sql */ `SELECT count(*)::int AS n FROM events`);
    const failing = createCreateEvent({
      inTransaction: transactional(db.pool, (client) => ({
        events: createEventRepository(client),
        outbox: {
          async created(event) {
            await createEventOutbox(client).created(event);
            throw new Error('crash after the outbox write');
          },
        },
      })),
      cache: noCache,
      defaultCurrency: 'IDR',
      now: () => new Date(),
    });

    await expect(failing(organizer, newEventInput(new Date(), { name: 'Never happened' }))).rejects.toThrow('crash after the outbox write');

    const { rows: after } = await db.pool.query<{ n: number }>(/* sql */ `SELECT count(*)::int AS n FROM events`);
    expect(after).toEqual(before);
    const { rows } = await db.pool.query(/* sql */ `SELECT 1 FROM outbox WHERE payload->>'name' = 'Never happened'`);
    expect(rows).toEqual([]);
  });

  it('commits event.updated with every section, old and new', async () => {
    const event = await catalog.createEvent(organizer, newEventInput(new Date()));
    await catalog.updateEvent(organizer, { id: event.id, name: 'Renamed', addSections: [{ name: 'Balcony', priceCents: 1, capacity: 5 }] });

    const rows = await outboxRows(db.pool, event.id);
    expect(rows.map((row) => row.type)).toEqual(['event.created', 'event.updated']);
    expect(rows[1]?.payload).toMatchObject({ name: 'Renamed', status: 'available' });
    expect((rows[1]?.payload.sections as { name: string }[]).map((s) => s.name)).toEqual(['VIP', 'Festival', 'Balcony']);
  });

  it('commits one event.cancelled, even for two admins cancelling at once and a repeat', async () => {
    const event = await catalog.createEvent(organizer, newEventInput(new Date()));
    const [first, second] = await Promise.all([
      catalog.cancelEvent(admin, { id: event.id, reason: 'Venue flooded' }),
      catalog.cancelEvent(admin, { id: event.id, reason: 'Venue flooded' }),
    ]);
    expect(second).toEqual(first);
    await catalog.cancelEvent(admin, { id: event.id, reason: 'again' });

    const rows = await outboxRows(db.pool, event.id);
    expect(rows.map((row) => row.type)).toEqual(['event.created', 'event.cancelled']);
    expect(rows[1]?.payload).toEqual({ event_id: event.id, reason: 'Venue flooded', cancelled_at: first.cancelledAt?.toISOString() });
  });

  it('applies concurrent updates one after the other: the same new section name is added once', async () => {
    const event = await catalog.createEvent(organizer, newEventInput(new Date()));
    const add = () => catalog.updateEvent(organizer, { id: event.id, addSections: [{ name: 'Balcony', priceCents: 1, capacity: 5 }] });
    const results = await Promise.allSettled([add(), add(), add()]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    const stored = await catalog.getEvent(event.id);
    expect(stored.sections.map((s) => s.name)).toEqual(['VIP', 'Festival', 'Balcony']);
    expect((await outboxRows(db.pool, event.id)).map((row) => row.type)).toEqual(['event.created', 'event.updated']);
  });

  it('writes nothing to the outbox for a refused write', async () => {
    const event = await catalog.createEvent(organizer, newEventInput(new Date()));
    expect((await rejectionOf(catalog.updateEvent(principal('organizer'), { id: event.id, name: 'Stolen', addSections: [] }))).code).toBe('FORBIDDEN');
    expect((await rejectionOf(catalog.cancelEvent(organizer, { id: event.id, reason: '' }))).code).toBe('FORBIDDEN');
    expect((await outboxRows(db.pool, event.id)).map((row) => row.type)).toEqual(['event.created']);
  });
});
