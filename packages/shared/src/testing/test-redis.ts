import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** A client of the test Redis (`TEST_REDIS_URL`) and a key prefix no other run uses. */
export interface TestRedis {
  redis: Redis;
  prefix: string;
  /** Deletes every key under the prefix, then closes the client. */
  close(): Promise<void>;
}

/** The Redis tests use: TEST_REDIS_URL, or the local server. */
export const testRedisUrl = (): string => process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function deleteKeysUnder(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
}

/** Deletes every key under each prefix from the test Redis (what a run's processes left there). */
export async function deleteTestRedisKeys(prefixes: readonly string[]): Promise<void> {
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
  try {
    for (const prefix of prefixes) await deleteKeysUnder(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

export function openTestRedis(label: string): TestRedis {
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
  const prefix = `ticres:${label}:test:${randomBytes(6).toString('hex')}`;
  return {
    redis,
    prefix,
    async close() {
      await deleteKeysUnder(redis, prefix);
      await redis.quit();
    },
  };
}
