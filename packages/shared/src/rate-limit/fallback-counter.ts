import type { Logger } from '../logger';
import { windowAt, type FixedWindowCounter } from './fixed-window-counter';

export interface FallbackCounterOptions {
  primary: FixedWindowCounter;
  fallback: FixedWindowCounter;
  logger: Logger;
  windowMs: number;
  now?: () => number;
}

/**
 * Uses the shared (Redis) counter and, whenever it errors or times out, the in-process one.
 * Limits therefore still hold while Redis is down, per process instead of across all replicas;
 * refusing every login because Redis is down would turn a cache outage into an outage.
 * The warning is logged at most once per window so a dead Redis does not flood the log.
 */
export function createFallbackCounter({ primary, fallback, logger, windowMs, now = Date.now }: FallbackCounterOptions): FixedWindowCounter {
  let warnedInWindow = Number.NEGATIVE_INFINITY;

  async function withFallback<T>(operation: (counter: FixedWindowCounter) => Promise<T>): Promise<T> {
    try {
      return await operation(primary);
    } catch (error) {
      const { index } = windowAt(now(), windowMs);
      if (index !== warnedInWindow) {
        warnedInWindow = index;
        logger.warn({ err: error }, 'rate limiter: Redis unavailable, counting in this process only');
      }
      return operation(fallback);
    }
  }

  return {
    increment: (scope, id) => withFallback((counter) => counter.increment(scope, id)),
    decrement: (scope, id, window) => withFallback((counter) => counter.decrement(scope, id, window)),
  };
}
