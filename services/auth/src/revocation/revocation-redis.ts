import { closeRedis, type Logger } from '@ticres/shared';
import { Redis } from 'ioredis';

/** A logout or role change waits at most this long for Redis, then answers UNAVAILABLE. */
const COMMAND_TIMEOUT_MS = 1_000;

/**
 * The connection that writes the revocation record, opened by the first write. Writes are rare
 * (logouts, role changes), so one issued while the connection is (re)opening waits for it, up to
 * COMMAND_TIMEOUT_MS.
 */
export function createRevocationRedis(url: string, logger: Logger): { redis: Redis; close(): Promise<void> } {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS, connectTimeout: 2_000 });
  // Without a listener ioredis reports every failed reconnect as an unhandled 'error' event.
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) logger.warn({ err: error }, 'revocation redis connection error');
    down = true;
  });
  redis.on('ready', () => {
    down = false;
  });
  return {
    redis,
    close: () => closeRedis(redis),
  };
}
