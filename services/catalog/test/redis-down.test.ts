import { createLogger } from '@ticres/shared';
import { Redis } from 'ioredis';
import { redisReady } from './support/catalog-database';
import { startThrowawayRedis, type ThrowawayRedis } from './support/redis-server';
import { startTestStack, type TestStack } from './support/stack';

/** Well under the 5 s gRPC deadline, and far above a Postgres read on loopback. */
const QUICK_MS = 1_000;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('reads with the cache Redis slow or gone', () => {
  let redisServer: ThrowawayRedis;
  let stack: TestStack;
  let probe: Redis;
  const logger = createLogger({ service: 'catalog-test', level: 'silent' });
  const warn = jest.spyOn(logger, 'warn');
  let organizer: { token: string };
  let eventId: string;
  const tag = `Redisless${Date.now()}`;

  beforeAll(async () => {
    redisServer = await startThrowawayRedis();
    stack = await startTestStack({ REDIS_URL: redisServer.url }, logger);
    probe = new Redis(redisServer.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    await redisReady(probe);
    organizer = await stack.signUp('organizer');
    const created = await stack.catalog.call.CreateEvent(
      {
        name: `${tag} Gala`,
        location: 'Jakarta',
        starts_at: inDays(20),
        sections: [{ name: 'Floor', price_cents: 1_000_000, capacity: 50 }],
      },
      { token: organizer.token },
    );
    eventId = created.id;
  });

  afterAll(async () => {
    if (probe && probe.status !== 'end') probe.disconnect();
    await stack?.stop();
    await redisServer?.kill();
  });

  /** Calls `read` with a short deadline and returns its answer and how long it took. */
  async function timed<T>(read: (deadlineMs: number) => Promise<T>): Promise<{ value: T; ms: number }> {
    const started = performance.now();
    const value = await read(QUICK_MS);
    return { value, ms: performance.now() - started };
  }

  const getEvent = () => timed((deadlineMs) => stack.catalog.call.GetEvent({ id: eventId }, { deadlineMs }));
  const listEvents = () => timed((deadlineMs) => stack.catalog.call.ListEvents({ search: tag }, { deadlineMs }));

  it('caches reads while Redis is up', async () => {
    await getEvent();
    await listEvents();
    const keys = await probe.keys(`${stack.catalogConfig.CACHE_KEY_PREFIX}:v*`);
    expect(keys.filter((key) => key.includes(':event:'))).toHaveLength(1);
    expect(keys.filter((key) => key.includes(':list:'))).toHaveLength(1);
  });

  it('answers from Postgres, quickly, while Redis is paused and answers nothing', async () => {
    redisServer.pause();
    try {
      const get = await getEvent();
      const list = await listEvents();
      expect(get.value).toMatchObject({ id: eventId, status: 'available' });
      expect(list.value).toMatchObject({ total: 1, events: [{ id: eventId }] });
      expect(Math.max(get.ms, list.ms)).toBeLessThan(QUICK_MS);
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(Error) }), 'cache unavailable; reading from Postgres');
    } finally {
      redisServer.resume();
    }
  });

  it('answers from Postgres, quickly, once Redis is killed, and still shows writes', async () => {
    await redisServer.kill();
    for (let i = 0; i < 20; i += 1) {
      const get = await getEvent();
      const list = await listEvents();
      expect(get.value).toMatchObject({ id: eventId, name: `${tag} Gala` });
      expect(list.value.events.map((e) => e.id)).toEqual([eventId]);
      expect(Math.max(get.ms, list.ms)).toBeLessThan(QUICK_MS);
    }

    const renamed = await stack.catalog.call.UpdateEvent({ id: eventId, name: `${tag} Gala Renamed` }, { token: organizer.token, deadlineMs: QUICK_MS });
    expect(renamed.name).toBe(`${tag} Gala Renamed`);
    expect((await getEvent()).value.name).toBe(`${tag} Gala Renamed`);
    expect((await listEvents()).value.events.map((e) => e.name)).toEqual([`${tag} Gala Renamed`]);
  });

  it('logs the outage a few times, not once per request', () => {
    const outageWarnings = warn.mock.calls.filter(([, message]) => typeof message === 'string' && message.startsWith('cache'));
    expect(outageWarnings.length).toBeGreaterThan(0);
    expect(outageWarnings.length).toBeLessThan(10);
  });
});
