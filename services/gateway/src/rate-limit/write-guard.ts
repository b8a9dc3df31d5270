import { type FixedWindowCounter, RateLimitedError } from '@ticres/shared';

/** Limits authenticated writes per user; every attempt counts, accepted or not. */
export interface WriteGuard {
  /** Counts the write and throws RateLimitedError once the user is over the limit. */
  consume(userId: string): Promise<void>;
}

export function createWriteGuard(counter: FixedWindowCounter, perUser: number): WriteGuard {
  return {
    async consume(userId) {
      const { count, resetInMs } = await counter.increment('write-user', userId);
      if (count > perUser) throw new RateLimitedError(resetInMs);
    },
  };
}
