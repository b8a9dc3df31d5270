import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** A client of the test Redis (`TEST_REDIS_URL`) and a key prefix no other run uses. */
export interface TestRedis {
  redis: Redis;
  prefix: string;
  /** Deletes every key under the prefix, then closes the client. */
  close(): Promise<void>;
}

export function openTestRedis(label: string): TestRedis {
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  const prefix = `ticres:${label}:test:${randomBytes(6).toString('hex')}`;
  return {
    redis,
    prefix,
    async close() {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
}
