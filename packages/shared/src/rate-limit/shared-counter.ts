import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { createFallbackCounter } from './fallback-counter';
import type { FixedWindowCounter } from './fixed-window-counter';
import { createMemoryCounter } from './memory-counter';
import { createRedisCounter } from './redis-counter';

export interface SharedCounterOptions {
  /** A fail-fast client (`createFailFastRedis`), so a slow Redis falls back instead of stalling. */
  redis: Redis;
  /** Key prefix of the counters, so stacks and test runs sharing a Redis never collide. */
  prefix: string;
  windowMs: number;
  logger: Logger;
}

/** Counts in Redis, shared by every replica, and in this process while Redis is out of reach. */
export function createSharedCounter({ redis, prefix, windowMs, logger }: SharedCounterOptions): FixedWindowCounter {
  return createFallbackCounter({
    primary: createRedisCounter(redis, { prefix, windowMs }),
    fallback: createMemoryCounter({ windowMs }),
    logger,
    windowMs,
  });
}
