import type { Logger } from '../logger';
import { Redis } from 'ioredis';

/** How long one Redis command may take before a rate limiter falls back to memory. */
const COMMAND_TIMEOUT_MS = 150;

/**
 * A Redis client that fails fast instead of queueing: with Redis down, a command rejects at once
 * (no offline queue) or after COMMAND_TIMEOUT_MS, and the caller decides what to do without it.
 * The connection keeps retrying in the background, so service resumes when Redis is back.
 */
export function createFailFastRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    // Commands issued in the same tick by concurrent requests go out in one write.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Without a listener ioredis reports every failed reconnect as an unhandled 'error' event.
  let reported = false;
  redis.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    logger.warn({ err: error }, 'redis connection error');
  });
  redis.on('ready', () => {
    if (reported) logger.info('redis connection restored');
    reported = false;
  });
  return redis;
}

/** Closes a client: QUIT needs a live connection; a client still reconnecting is just cut off. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit();
  else redis.disconnect();
}
