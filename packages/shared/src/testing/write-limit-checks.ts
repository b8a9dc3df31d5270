import { Redis } from 'ioredis';
import { isRetryLaterError } from '../errors';
import { failure } from './failure';
import { testRedisUrl } from './test-redis';

/**
 * 'ok', or the code a call failed with. A RATE_LIMITED refusal must say when to come back (the
 * gateway's Retry-After): one without a wait shows as 'RATE_LIMITED without a wait'.
 */
export async function outcomeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch {
    // failure() reads the same rejection again, and throws on anything but an AppError.
  }
  const refusal = await failure(call);
  if (refusal.code === 'RATE_LIMITED' && !(isRetryLaterError(refusal) && refusal.retryAfterSeconds > 0)) return 'RATE_LIMITED without a wait';
  return refusal.code;
}

/** The writes counted for `userId` under a WRITE_LIMIT_KEY_PREFIX in the test Redis, every window together. */
export async function countedWrites(prefix: string, userId: string): Promise<number> {
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
  try {
    const keys = await redis.keys(`${prefix}:user:${userId}:*`);
    const counts = keys.length === 0 ? [] : await redis.mget(...keys);
    return counts.reduce((sum, count) => sum + Number(count ?? 0), 0);
  } finally {
    redis.disconnect();
  }
}
