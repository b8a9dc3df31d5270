import { createLogger } from '@ticres/shared';
import type { Redis } from 'ioredis';
import { storedEvent } from '../../test/support/fixtures';
import type { CatalogEvent } from '../domain/event';
import { parseEventQuery } from '../domain/event-query';
import { createRedisEventCache } from './redis-event-cache';

/** Just enough of Redis for the cache: the two scripts, SET with PX, and a switch to break it. */
function fakeRedis() {
  const entries = new Map<string, { value: string; ttlMs: number }>();
  let version = 100;
  let down = false;
  const fail = () => {
    if (down) throw new Error('Connection is closed.');
  };
  const redis = {
    async eval(script: string, _keys: number, _versionKey: string, prefix?: string, suffix?: string) {
      fail();
      if (script.includes('INCR')) return ++version;
      return [String(version), entries.get(`${prefix}:v${version}:${suffix}`)?.value ?? null];
    },
    async set(key: string, value: string, _px: 'PX', ttlMs: number) {
      fail();
      entries.set(key, { value, ttlMs });
      return 'OK';
    },
  };
  return {
    redis: redis as unknown as Redis,
    entries,
    version: () => version,
    setDown: (value: boolean) => {
      down = value;
    },
  };
}

const now = new Date('2030-01-01T00:00:00Z');
const prefix = 'test';

/** The shared record of an owed invalidation, as the database keeps it for every replica. */
function fakeOwedRecord() {
  let token: string | undefined;
  let next = 0;
  return {
    record: async () => {
      next += 1;
      token = `debt-${next}`;
    },
    find: async () => token,
    settle: async (settled: string) => {
      if (token === settled) token = undefined;
    },
  };
}

function setUp(owed = fakeOwedRecord()) {
  const fake = fakeRedis();
  const logger = createLogger({ service: 'catalog-test', level: 'silent' });
  const warn = jest.spyOn(logger, 'warn');
  const sut = createRedisEventCache({ redis: fake.redis, owed, prefix, ttlSeconds: 600, logger, now: () => now });
  let loads = 0;
  const loader = (value: CatalogEvent | undefined, until?: Date) => async () => {
    loads += 1;
    return { value, until };
  };
  return { fake, sut, warn, loader, loads: () => loads, owed };
}

describe('the Redis event cache', () => {
  const event: CatalogEvent = { ...storedEvent(), status: 'available' };

  it('loads on a miss, stores under the current version for the configured TTL, and answers the next read from Redis', async () => {
    const { fake, sut, loader, loads } = setUp();
    await expect(sut.event(event.id, loader(event))).resolves.toEqual(event);
    expect(fake.entries.get(`test:v100:event:${event.id}`)?.ttlMs).toBe(600_000);
    await expect(sut.event(event.id, loader(undefined))).resolves.toEqual(event);
    expect(loads()).toBe(1);
  });

  it('caps the TTL at the moment the answer changes', async () => {
    const { fake, sut, loader } = setUp();
    await sut.event(event.id, loader(event, new Date(now.getTime() + 90_000)));
    expect(fake.entries.get(`test:v100:event:${event.id}`)?.ttlMs).toBe(90_000);
  });

  it('does not store an answer that is already out of date', async () => {
    const { fake, sut, loader } = setUp();
    await sut.event(event.id, loader(event, now));
    expect(fake.entries.size).toBe(0);
  });

  it('caches that an event does not exist', async () => {
    const { sut, loader, loads } = setUp();
    await expect(sut.event(event.id, loader(undefined))).resolves.toBeUndefined();
    await expect(sut.event(event.id, loader(event))).resolves.toBeUndefined();
    expect(loads()).toBe(1);
  });

  it('keys pages by the canonical query', async () => {
    const { fake, sut } = setUp();
    const page = { events: [event], total: 1, page: 1, limit: 20 };
    await sut.page(parseEventQuery({ search: 'Jazz', status: '', from: '', to: '', page: 0, limit: 0 }), async () => ({ value: page }));
    const loadAgain = jest.fn(async () => ({ value: { ...page, total: 2 } }));
    await expect(sut.page(parseEventQuery({ search: ' jazz', status: '', from: '', to: '', page: 1, limit: 20 }), loadAgain)).resolves.toEqual(page);
    expect(loadAgain).not.toHaveBeenCalled();
    expect([...fake.entries.keys()]).toEqual([expect.stringMatching(/^test:v100:list:[0-9a-f]{40}$/)]);
  });

  it('misses after an invalidation, which moves to a new version', async () => {
    const { fake, sut, loader, loads } = setUp();
    await sut.event(event.id, loader(event));
    await sut.invalidate();
    expect(fake.version()).toBe(101);
    await sut.event(event.id, loader({ ...event, name: 'Renamed' }));
    expect(loads()).toBe(2);
  });

  it('serves every read from the loader, with a warning, while Redis fails', async () => {
    const { fake, sut, warn, loader, loads } = setUp();
    fake.setDown(true);
    await expect(sut.event(event.id, loader(event))).resolves.toEqual(event);
    // A later turn: reads in the same turn as a finished load share it (see single-flight.ts).
    await new Promise(setImmediate);
    await expect(sut.event(event.id, loader(event))).resolves.toEqual(event);
    expect(loads()).toBe(2);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('owes a failed invalidation: reads go around the cache until a version bump succeeds', async () => {
    const { fake, sut, loader, loads } = setUp();
    await sut.event(event.id, loader(event));
    fake.setDown(true);
    await expect(sut.invalidate()).resolves.toBeUndefined();
    fake.setDown(false);
    // Redis is back, but its entry predates the write: the read must bump first and then miss.
    await expect(sut.event(event.id, loader({ ...event, name: 'After the write' }))).resolves.toMatchObject({ name: 'After the write' });
    expect(fake.version()).toBe(101);
    expect(loads()).toBe(2);
  });

  it('records a failed invalidation where other replicas find it; one that reaches Redis makes it and clears the record', async () => {
    const failing = setUp();
    const other = setUp(failing.owed);
    failing.fake.setDown(true);
    await failing.sut.invalidate();
    expect(await failing.owed.find()).toBeDefined();

    await expect(other.sut.repayOwedInvalidation()).resolves.toBe(true);
    expect(other.fake.version()).toBe(101);
    expect(await failing.owed.find()).toBeUndefined();
    // Nothing owed any more: no further bump.
    await expect(other.sut.repayOwedInvalidation()).resolves.toBe(false);
    expect(other.fake.version()).toBe(101);
  });

  it('keeps the record while Redis still fails', async () => {
    const { fake, sut, owed } = setUp();
    fake.setDown(true);
    await sut.invalidate();
    await expect(sut.repayOwedInvalidation()).resolves.toBe(false);
    expect(await owed.find()).toBeDefined();
  });

  it('ignores an unreadable entry and reloads it', async () => {
    const { fake, sut, loader, loads } = setUp();
    fake.entries.set(`test:v100:event:${event.id}`, { value: 'garbage', ttlMs: 1 });
    await expect(sut.event(event.id, loader(event))).resolves.toEqual(event);
    expect(loads()).toBe(1);
  });
});
