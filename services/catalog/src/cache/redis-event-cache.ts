import { createThrottledWarning, type Logger } from '@ticres/shared';
import type { Redis } from 'ioredis';
import type { EventQuery } from '../domain/event-query';
import type { CacheInvalidation, Clock, EventReadCache, Fresh } from '../usecases/ports';
import { entryKey, eventSuffix, listSuffix, versionKey } from './cache-keys';
import { eventCodec, pageCodec, type Codec } from './event-codec';
import { createSingleFlight } from './single-flight';

/**
 * Where an invalidation this process could not make is recorded for every replica: a replica
 * whose Redis works would otherwise keep serving entries older than the write for up to the TTL.
 */
export interface OwedInvalidations {
  /** Records that an invalidation is owed (replacing any older debt). */
  record(): Promise<void>;
  /** The token of the invalidation owed, if one is. */
  find(): Promise<string | undefined>;
  /** Forgets the debt `token`; a newer debt (another token) stays. */
  settle(token: string): Promise<void>;
}

export interface RedisEventCacheOptions {
  redis: Redis;
  owed: OwedInvalidations;
  /** `CACHE_KEY_PREFIX`; see cache-keys.ts for the layout. */
  prefix: string;
  /** Longest an entry lives; shorter when the answer changes sooner (an event starting). */
  ttlSeconds: number;
  logger: Logger;
  now: Clock;
  /** At most one warning per interval while Redis fails. */
  warningIntervalMs?: number;
}

/*
 * A missing version key (first start, or evicted by an allkeys-* policy) is created from the
 * server clock in microseconds rather than 0 or 1, so it can never bring back entries cached
 * under an earlier version with the same number.
 */
const ENSURE_VERSION = /* lua */ `
local version = redis.call('GET', KEYS[1])
if not version then
  local now = redis.call('TIME')
  redis.call('SET', KEYS[1], now[1] .. string.format('%06d', tonumber(now[2])), 'NX')
  version = redis.call('GET', KEYS[1])
end`;

/** The current version and the entry under it, in one round trip. ARGV: prefix, suffix. */
const READ_ENTRY = /* lua */ `${ENSURE_VERSION}
return {version, redis.call('GET', ARGV[1] .. ':v' .. version .. ':' .. ARGV[2])}`;

const BUMP_VERSION = /* lua */ `${ENSURE_VERSION}
return redis.call('INCR', KEYS[1])`;

export interface OwedInvalidationRepayment {
  /**
   * Makes the invalidation some replica owes (see `OwedInvalidations`), if any and Redis answers;
   * resolves true when it did. Every replica runs it periodically (CACHE_REPAIR_INTERVAL_MS).
   */
  repayOwedInvalidation: () => Promise<boolean>;
}

/**
 * The read cache and its invalidation, on Redis. Every Redis failure or timeout degrades to
 * Postgres with a throttled warning; callers never see it. Concurrent misses of one entry load
 * once per process.
 */
export function createRedisEventCache(options: RedisEventCacheOptions): EventReadCache & CacheInvalidation & OwedInvalidationRepayment {
  const { redis, owed, prefix, ttlSeconds, logger, now, warningIntervalMs = 10_000 } = options;
  const version = versionKey(prefix);
  const flights = createSingleFlight();
  const warn = createThrottledWarning(logger, warningIntervalMs);
  // Counts this process's writes, so a load that began before one is not shared with a read after it
  // while Redis (and its version) is out of reach.
  let localWrites = 0;
  // A write whose version bump failed: until a bump succeeds this process reads around the cache
  // (other replicas learn of it from `owed` at their next `repayOwedInvalidation`).
  let bumpOwed = false;

  const bump = async () => {
    await redis.eval(BUMP_VERSION, 1, version);
    bumpOwed = false;
  };

  async function lookup(suffix: string): Promise<{ version: string; entry: string | null } | undefined> {
    try {
      if (bumpOwed) await bump();
      const [current, entry] = (await redis.eval(READ_ENTRY, 1, version, prefix, suffix)) as [string, string | null];
      return { version: current, entry };
    } catch (error) {
      warn({ err: error }, 'cache unavailable; reading from Postgres');
      return undefined;
    }
  }

  async function store(key: string, text: string, until: Date | undefined): Promise<void> {
    const ttlMs = Math.min(ttlSeconds * 1000, until ? until.getTime() - now().getTime() : Number.POSITIVE_INFINITY);
    // An answer that is already out of date (an event starting right now) is not worth keeping.
    if (ttlMs < 1) return;
    try {
      await redis.set(key, text, 'PX', Math.floor(ttlMs));
    } catch (error) {
      warn({ err: error }, 'cache write failed');
    }
  }

  async function read<T>(suffix: string, codec: Codec<T>, load: () => Promise<Fresh<T>>): Promise<T> {
    const found = await lookup(suffix);
    if (!found) return flights.run(`postgres:${localWrites}:${suffix}`, async () => (await load()).value);
    if (found.entry !== null) {
      const cached = codec.decode(found.entry);
      if (cached) return cached.value;
      warn({}, 'unreadable cache entry ignored');
    }
    const key = entryKey(prefix, found.version, suffix);
    // The store is awaited inside the flight: a lookup that missed before the entry was written
    // got its answer first on this one connection, so it still finds the flight and joins it.
    return flights.run(key, async () => {
      const fresh = await load();
      await store(key, codec.encode(fresh.value), fresh.until);
      return fresh.value;
    });
  }

  return {
    event: (id, load) => read(eventSuffix(id), eventCodec, load),
    page: (query: EventQuery, load) => read(listSuffix(query), pageCodec, load),
    async invalidate() {
      localWrites += 1;
      try {
        await bump();
      } catch (error) {
        bumpOwed = true;
        warn({ err: error }, 'cache invalidation failed; this process reads from Postgres until it succeeds');
        await owed
          .record()
          .catch((recordError: unknown) =>
            logger.error({ err: recordError }, 'could not record the owed cache invalidation; other replicas may serve stale reads until the TTL'),
          );
      }
    },
    async repayOwedInvalidation() {
      const token = await owed.find();
      if (token === undefined) return false;
      try {
        await bump();
      } catch (error) {
        warn({ err: error }, 'owed cache invalidation still cannot be made');
        return false;
      }
      await owed.settle(token);
      return true;
    },
  };
}
