import type { Redis } from 'ioredis';
import { windowAt, type FixedWindowCounter } from './fixed-window-counter';

export interface RedisCounterOptions {
  /** Key prefix (`WRITE_LIMIT_KEY_PREFIX`, `LOGIN_LIMIT_KEY_PREFIX`, ...); keys are `<prefix>:<scope>:<id>:<window>`. */
  prefix: string;
  windowMs: number;
  now?: () => number;
}

/** INCR and, on the window's first count, its expiry: atomic, one command, so concurrent requests share a write. */
const INCREMENT_IN_WINDOW = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

const DECREMENT_IF_PRESENT = `
if redis.call('GET', KEYS[1]) and tonumber(redis.call('GET', KEYS[1])) > 0 then
  return redis.call('DECR', KEYS[1])
end
return 0`;

/** Counts shared by every replica; fails (rejects) whenever Redis does, never waits on it. */
export function createRedisCounter(redis: Redis, { prefix, windowMs, now = Date.now }: RedisCounterOptions): FixedWindowCounter {
  const keyAt = (scope: string, id: string, windowIndex: number) => `${prefix}:${scope}:${id}:${windowIndex}`;

  return {
    async increment(scope, id) {
      const { index, resetInMs } = windowAt(now(), windowMs);
      const key = keyAt(scope, id, index);
      // One script, so a key is never left counting without an expiry if the connection drops.
      const count = await redis.eval(INCREMENT_IN_WINDOW, 1, key, windowMs);
      return { count: Number(count), resetInMs, window: index };
    },
    async decrement(scope, id, window) {
      // Only an existing key: a bare DECR would create a negative count with no expiry.
      await redis.eval(DECREMENT_IF_PRESENT, 1, keyAt(scope, id, window));
    },
  };
}
