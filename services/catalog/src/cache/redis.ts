import type { Logger } from '@ticres/shared';
import { Redis } from 'ioredis';

export interface CacheRedisOptions {
  /** Longest a command may take before the caller gives up on the cache and asks Postgres. */
  commandTimeoutMs: number;
  logger: Logger;
}

/**
 * A Redis client that fails fast instead of queueing: with Redis down a command rejects at once
 * (no offline queue), with Redis slow after `commandTimeoutMs`. It keeps reconnecting in the
 * background, so the cache comes back by itself.
 */
export function createCacheRedis(url: string, { commandTimeoutMs, logger }: CacheRedisOptions): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    // Commands issued in the same tick by concurrent requests go out in one write.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2_000,
    // How long a closing socket may linger; a cache connection has nothing worth waiting for.
    disconnectTimeout: 200,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Without a listener ioredis reports every failed reconnect as an unhandled 'error' event.
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ err: error }, 'cache redis connection error; reads go to Postgres');
  });
  redis.on('ready', () => {
    if (down) logger.info('cache redis connection restored');
    down = false;
  });
  return redis;
}

/** QUIT needs a live connection; a client still reconnecting is just cut off. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit();
  else if (redis.status !== 'end') redis.disconnect();
}
