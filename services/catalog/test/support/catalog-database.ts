import { createLogger, type Logger, type Pool } from '@ticres/shared';
import type { Redis } from 'ioredis';
import { createServiceTestDatabase, type ServiceTestDatabase } from '@ticres/shared/testing';
import { loadCatalogConfig, type CatalogConfig } from '../../src/config';
import { CATALOG_SCHEMA, MIGRATIONS_DIRECTORY } from '../../src/db/migrations';

export type CatalogTestDatabase = ServiceTestDatabase;

/** A database of this test file's own, bootstrapped like production, migrated unless asked not to. */
export function createCatalogTestDatabase({ migrate = true } = {}): Promise<CatalogTestDatabase> {
  return createServiceTestDatabase({ service: 'catalog', schema: CATALOG_SCHEMA, directory: MIGRATIONS_DIRECTORY, migrate });
}

/** The catalog config a test runs with: quiet logs, the test database, cache and write-limit prefixes of its own. */
export function testConfig(db: CatalogTestDatabase, overrides: NodeJS.ProcessEnv = {}): CatalogConfig {
  return loadCatalogConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    GRPC_BIND: '127.0.0.1:0',
    DATABASE_URL: db.serviceUrl,
    CACHE_KEY_PREFIX: testCachePrefix(),
    WRITE_LIMIT_KEY_PREFIX: testCachePrefix().replace('catalog', 'writes'),
    ...overrides,
  });
}

/** A key prefix no other test run uses, so runs sharing one Redis never see each other's entries (or counts). */
export const testCachePrefix = (): string => `ticres:catalog:test:${Math.random().toString(36).slice(2, 10)}`;

export const silentLogger: Logger = createLogger({ service: 'catalog-test', level: 'silent' });

/** Outbox rows as a test reads them, oldest first. */
export async function outboxRows(pool: Pool, aggregateId?: string) {
  const { rows } = await pool.query<{ id: string; type: string; aggregate_id: string; payload: Record<string, unknown>; published_at: Date | null }>(
    /* sql */ `
    SELECT id, type, aggregate_id, payload, published_at FROM outbox
    WHERE $1::uuid IS NULL OR aggregate_id = $1
    ORDER BY created_at, id`,
    [aggregateId ?? null],
  );
  return rows;
}

/** Removes every key under a test's cache prefix (the version key has no TTL of its own). */
export async function deleteCacheKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Resolves once the client can take commands: without an offline queue, earlier ones fail. */
export function redisReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => redis.once('ready', () => resolve()));
}
