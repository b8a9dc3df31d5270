import type { Redis } from 'ioredis';
import { entryKey, eventSuffix, versionKey } from '../src/cache/cache-keys';
import { createRedisEventCache } from '../src/cache/redis-event-cache';
import { closeRedis, createCacheRedis } from '../src/cache/redis';
import { composeCatalog, type CatalogUseCases } from '../src/compose';
import { createEventRepository, type EventRepository } from '../src/db/event.repository';
import { createOwedInvalidationRepository } from '../src/db/owed-invalidation.repository';
import type { EventQueryInput } from '../src/domain/event-query';
import { createGetEvent } from '../src/usecases/get-event';
import { createListEvents } from '../src/usecases/list-events';
import { createCatalogTestDatabase, deleteCacheKeys, redisReady, silentLogger, testConfig, type CatalogTestDatabase } from './support/catalog-database';
import { newEventInput, principal } from './support/fixtures';

const listInput = (overrides: Partial<EventQueryInput> = {}): EventQueryInput => ({
  search: '',
  status: '',
  from: '',
  to: '',
  page: 0,
  limit: 100,
  ...overrides,
});

/** The repository with a count of the loads that reach Postgres. */
function countingRepository(inner: EventRepository) {
  const counts = { findById: 0, list: 0 };
  return {
    counts,
    events: {
      findById: (id: string) => {
        counts.findById += 1;
        return inner.findById(id);
      },
      list: (...args: Parameters<EventRepository['list']>) => {
        counts.list += 1;
        return inner.list(...args);
      },
    },
  };
}

describe('the Redis read cache, against Postgres', () => {
  let db: CatalogTestDatabase;
  let redis: Redis;
  let prefix: string;
  let catalog: CatalogUseCases;
  const organizer = principal('organizer');
  const admin = principal('admin');

  beforeAll(async () => {
    db = await createCatalogTestDatabase();
    const config = testConfig(db);
    prefix = config.CACHE_KEY_PREFIX;
    redis = createCacheRedis(config.REDIS_URL, { commandTimeoutMs: 1_000, logger: silentLogger });
    await redisReady(redis);
    catalog = composeCatalog(db.pool, redis, config, { logger: silentLogger });
  });

  afterAll(async () => {
    try {
      if (redis) await deleteCacheKeys(redis, prefix);
    } finally {
      if (redis) await closeRedis(redis);
      await db?.drop();
    }
  });

  /** The loads of a get and a list wired to the same cache as `catalog`, counted. */
  function countedReads() {
    const counting = countingRepository(createEventRepository(db.pool));
    const cache = createRedisEventCache({
      redis,
      owed: createOwedInvalidationRepository(db.pool),
      prefix,
      ttlSeconds: 600,
      logger: silentLogger,
      now: () => new Date(),
    });
    return {
      counts: counting.counts,
      getEvent: createGetEvent({ events: counting.events, cache, now: () => new Date() }),
      listEvents: createListEvents({ events: counting.events, cache, now: () => new Date() }),
    };
  }

  it('answers a repeated read from Redis without Postgres', async () => {
    const event = await catalog.createEvent(organizer, newEventInput(new Date()));
    const reads = countedReads();
    await reads.getEvent(event.id);
    await reads.listEvents(listInput({ search: 'coldplay' }));
    await new Promise(setImmediate);
    await expect(reads.getEvent(event.id)).resolves.toEqual(event);
    await reads.listEvents(listInput({ search: ' COLDPLAY ' }));
    expect(reads.counts).toEqual({ findById: 1, list: 1 });
  });

  it('shows a created event in the next list read', async () => {
    const before = await catalog.listEvents(listInput());
    await catalog.listEvents(listInput()); // cached now
    const event = await catalog.createEvent(organizer, newEventInput(new Date(), { name: 'Fresh Event' }));
    const after = await catalog.listEvents(listInput());
    expect(after.total).toBe(before.total + 1);
    expect(after.events.map((e) => e.id)).toContain(event.id);
  });

  it('shows an update in the next get and list reads', async () => {
    const event = await catalog.createEvent(organizer, newEventInput(new Date(), { name: 'Before Update' }));
    await catalog.getEvent(event.id);
    await catalog.listEvents(listInput({ search: 'update' }));
    await catalog.updateEvent(organizer, { id: event.id, name: 'After Update', addSections: [] });

    await expect(catalog.getEvent(event.id)).resolves.toMatchObject({ name: 'After Update' });
    const listed = await catalog.listEvents(listInput({ search: 'update' }));
    expect(listed.events.map((e) => e.name)).toEqual(['After Update']);
  });

  it('shows a cancellation in the next get and list reads', async () => {
    const event = await catalog.createEvent(organizer, newEventInput(new Date(), { name: 'Soon Cancelled' }));
    await catalog.getEvent(event.id);
    const cancelledBefore = await catalog.listEvents(listInput({ status: 'cancelled' }));
    await catalog.cancelEvent(admin, { id: event.id, reason: 'storm' });

    await expect(catalog.getEvent(event.id)).resolves.toMatchObject({ status: 'cancelled' });
    const cancelledAfter = await catalog.listEvents(listInput({ status: 'cancelled' }));
    expect(cancelledAfter.total).toBe(cancelledBefore.total + 1);
    expect(cancelledAfter.events.map((e) => e.id)).toContain(event.id);
  });

  it('loads once from Postgres for many concurrent misses of one key', async () => {
    const event = await catalog.createEvent(organizer, newEventInput(new Date(), { name: 'Hot Event' }));
    const reads = countedReads();

    const gets = await Promise.all(Array.from({ length: 50 }, () => reads.getEvent(event.id)));
    const lists = await Promise.all(Array.from({ length: 50 }, () => reads.listEvents(listInput({ search: 'hot' }))));

    expect(new Set(gets.map((e) => e.id))).toEqual(new Set([event.id]));
    expect(lists.every((page) => page.total === 1)).toBe(true);
    expect(reads.counts).toEqual({ findById: 1, list: 1 });
  });

  it('keeps an upcoming event no longer than until it starts', async () => {
    const startsAt = new Date(Date.now() + 30_000);
    const event = await catalog.createEvent(organizer, newEventInput(new Date(), { startsAt: startsAt.toISOString() }));
    await catalog.getEvent(event.id);
    const version = await redis.get(versionKey(prefix));
    const ttl = await redis.pttl(entryKey(prefix, version!, eventSuffix(event.id)));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it('keeps a cancelled event for the configured TTL', async () => {
    const event = await catalog.createEvent(organizer, newEventInput(new Date()));
    await catalog.cancelEvent(admin, { id: event.id, reason: '' });
    await catalog.getEvent(event.id);
    const version = await redis.get(versionKey(prefix));
    const ttl = await redis.pttl(entryKey(prefix, version!, eventSuffix(event.id)));
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
  });
});
