import { freePort } from '@ticres/shared/testing';
import type { Redis } from 'ioredis';
import { closeRedis, createCacheRedis } from '../src/cache/redis';
import { composeCatalog, type CatalogComposition } from '../src/compose';
import { createCatalogTestDatabase, deleteCacheKeys, redisReady, silentLogger, testConfig, type CatalogTestDatabase } from './support/catalog-database';
import { newEventInput, principal } from './support/fixtures';

/**
 * Two catalog replicas on one database and one cache prefix: `cut` cannot reach Redis (nothing
 * listens on its port), `reaching` can. A write through `cut` cannot invalidate the cache; the
 * debt must reach `reaching` through the database, or it serves the old answer for the whole TTL.
 */
describe('a cache invalidation one replica owes, made by another', () => {
  let db: CatalogTestDatabase;
  let goodRedis: Redis;
  let deadRedis: Redis;
  let prefix: string;
  let reaching: CatalogComposition;
  let cut: CatalogComposition;
  const organizer = principal('organizer');

  beforeAll(async () => {
    db = await createCatalogTestDatabase();
    const config = testConfig(db);
    prefix = config.CACHE_KEY_PREFIX;
    goodRedis = createCacheRedis(config.REDIS_URL, { commandTimeoutMs: 1_000, logger: silentLogger });
    await redisReady(goodRedis);
    deadRedis = createCacheRedis(`redis://127.0.0.1:${await freePort()}`, { commandTimeoutMs: 1_000, logger: silentLogger });
    reaching = composeCatalog(db.pool, goodRedis, config, { logger: silentLogger });
    cut = composeCatalog(db.pool, deadRedis, config, { logger: silentLogger });
  });

  afterAll(async () => {
    try {
      if (goodRedis) await deleteCacheKeys(goodRedis, prefix);
    } finally {
      if (goodRedis) await closeRedis(goodRedis);
      if (deadRedis) await closeRedis(deadRedis);
      await db?.drop();
    }
  });

  const owedRows = async () => (await db.pool.query('SELECT token FROM cache_invalidation_owed')).rowCount;

  it('serves the write from every replica once the one that reaches Redis repays the debt', async () => {
    const event = await reaching.createEvent(organizer, newEventInput(new Date(), { name: 'Before The Write' }));
    await expect(reaching.getEvent(event.id)).resolves.toMatchObject({ name: 'Before The Write' }); // cached now

    await cut.updateEvent(organizer, { id: event.id, name: 'After The Write', addSections: [] });
    expect(await owedRows()).toBe(1);
    // The debt has not been repaid yet: the cached entry predates the write.
    await expect(reaching.getEvent(event.id)).resolves.toMatchObject({ name: 'Before The Write' });

    await expect(reaching.repayOwedInvalidation()).resolves.toBe(true);
    await expect(reaching.getEvent(event.id)).resolves.toMatchObject({ name: 'After The Write' });
    expect(await owedRows()).toBe(0);
  });

  it('outlives the process that owed it: a replica started afterwards repays it', async () => {
    const event = await reaching.createEvent(organizer, newEventInput(new Date(), { name: 'Old Name' }));
    await reaching.getEvent(event.id);
    await cut.updateEvent(organizer, { id: event.id, name: 'New Name', addSections: [] });

    // A new process: nothing in memory, the same database and Redis.
    const restarted = composeCatalog(db.pool, goodRedis, testConfig(db, { CACHE_KEY_PREFIX: prefix }), { logger: silentLogger });
    await expect(restarted.repayOwedInvalidation()).resolves.toBe(true);
    await expect(restarted.getEvent(event.id)).resolves.toMatchObject({ name: 'New Name' });
  });

  it('leaves the debt in place while the replica asked to repay it cannot reach Redis either', async () => {
    const event = await reaching.createEvent(organizer, newEventInput(new Date()));
    await cut.cancelEvent(principal('admin'), { id: event.id, reason: 'storm' });
    await expect(cut.repayOwedInvalidation()).resolves.toBe(false);
    expect(await owedRows()).toBe(1);
    await expect(reaching.repayOwedInvalidation()).resolves.toBe(true);
    expect(await owedRows()).toBe(0);
  });
});
