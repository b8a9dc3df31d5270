import type { Redis } from 'ioredis';
import { isUser, requireUser, type Principal, type UserPrincipal } from '../auth/token-verifier';
import type { Logger } from '../logger';
import { closeRedis, createFailFastRedis } from './fail-fast-redis';
import type { FixedWindowCounter } from './fixed-window-counter';
import { RateLimitedError } from './rate-limited-error';
import { createSharedCounter } from './shared-counter';
import type { WriteLimitSettings } from './write-limit-config';

/** One scope for every service: with one key prefix, a person has one budget of writes across them all. */
const SCOPE = 'user';

/** Proves a call's caller from its token (a service's verifier, or auth's own `checkAccessToken`). */
export type VerifyCaller = (token: string | undefined) => Promise<Principal>;

/**
 * The per-person write limit of a service that owns writes (docs/security/anti-hoarding.md):
 * every write RPC proves its caller through it, so a person calling the service's port directly
 * meets the same limit as one coming through the gateway.
 */
export interface WriteLimit {
  /**
   * The verified caller of a write. A person's write is counted (every attempt, accepted or not)
   * and refused with RateLimitedError (RATE_LIMITED, a retry-after) once over the limit; a
   * service's is never counted: it acts for the system, not as a person.
   */
  caller(token: string | undefined): Promise<Principal>;
  /** The same for a write only a person may make: a service token is then UNAUTHENTICATED. */
  person(token: string | undefined): Promise<UserPrincipal>;
}

export interface WriteLimitPorts {
  verify: VerifyCaller;
  counter: FixedWindowCounter;
  perUser: number;
}

export function createWriteLimit({ verify, counter, perUser }: WriteLimitPorts): WriteLimit {
  const caller = async (token: string | undefined): Promise<Principal> => {
    const principal = await verify(token);
    if (!isUser(principal)) return principal;
    const { count, resetInMs } = await counter.increment(SCOPE, principal.userId);
    if (count > perUser) throw new RateLimitedError(resetInMs, 'Too many writes; retry after the time in Retry-After.');
    return principal;
  };
  return {
    caller,
    async person(token) {
      const principal = await caller(token);
      requireUser(principal);
      return principal;
    },
  };
}

export interface SharedWriteLimitOptions {
  verify: VerifyCaller;
  /** A fail-fast client (`createFailFastRedis`): a slow or absent Redis counts in memory instead of stalling the write. */
  redis: Redis;
  settings: WriteLimitSettings;
  logger: Logger;
}

/** The write limit counted in Redis (one INCR per write), shared by every replica and service. */
export function createSharedWriteLimit({ verify, redis, settings, logger }: SharedWriteLimitOptions): WriteLimit {
  const counter = createSharedCounter({
    redis,
    prefix: settings.WRITE_LIMIT_KEY_PREFIX,
    windowMs: settings.WRITE_LIMIT_WINDOW_SECONDS * 1_000,
    logger,
  });
  return createWriteLimit({ verify, counter, perUser: settings.WRITE_LIMIT_PER_USER });
}

export interface OpenWriteLimitOptions extends Omit<SharedWriteLimitOptions, 'redis' | 'settings'> {
  /** REDIS_URL and the WRITE_LIMIT_* variables (writeLimitConfigShape). */
  settings: WriteLimitSettings & { REDIS_URL: string };
}

/** The write limit as a service runs it, and its Redis connection to close at shutdown. */
export interface OpenedWriteLimit {
  writes: WriteLimit;
  close: () => Promise<void>;
}

/** The shared write limit on a fail-fast Redis client of its own. */
export function openWriteLimit({ verify, settings, logger }: OpenWriteLimitOptions): OpenedWriteLimit {
  const redis = createFailFastRedis(settings.REDIS_URL, logger);
  return { writes: createSharedWriteLimit({ verify, redis, settings, logger }), close: () => closeRedis(redis) };
}
