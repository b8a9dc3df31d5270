import type { Redis } from 'ioredis';
import pino from 'pino';
import { openTestRedis, type TestRedis } from '../testing/test-redis';
import { createFailFastRedis } from './fail-fast-redis';
import { createFallbackCounter } from './fallback-counter';
import type { FixedWindowCounter } from './fixed-window-counter';
import { createMemoryCounter } from './memory-counter';
import { createRedisCounter } from './redis-counter';

const windowMs = 60_000;

function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, warnings: () => lines.filter((line) => line.level === 40) };
}

describe('fallback counter', () => {
  const prefix = 'ticres:rl:unreachable';

  describe('with Redis unreachable (a closed port)', () => {
    let redis: Redis;
    const { logger, warnings } = capturingLogger();

    beforeAll(() => {
      // The production client: no offline queue, so commands fail at once instead of waiting.
      redis = createFailFastRedis('redis://127.0.0.1:1', pino({ level: 'silent' }));
    });
    afterAll(() => redis.disconnect());

    it('still counts, in memory, and warns once per window', async () => {
      const counter = createFallbackCounter({
        primary: createRedisCounter(redis, { prefix, windowMs }),
        fallback: createMemoryCounter({ windowMs }),
        logger,
        windowMs,
      });

      for (let attempt = 1; attempt <= 3; attempt += 1) expect((await counter.increment('login', 'victim')).count).toBe(attempt);
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]!.msg).toMatch(/Redis unavailable/);
    });
  });

  describe('with Redis up', () => {
    let test: TestRedis;
    beforeAll(() => {
      test = openTestRedis('rl');
    });
    afterAll(() => test.close());

    it('counts in Redis and leaves the in-memory counter untouched', async () => {
      const fallback = createMemoryCounter({ windowMs });
      const { logger, warnings } = capturingLogger();
      const counter = createFallbackCounter({
        primary: createRedisCounter(test.redis, { prefix: test.prefix, windowMs }),
        fallback,
        logger,
        windowMs,
      });
      await counter.increment('up', 'u1');
      expect((await counter.increment('up', 'u1')).count).toBe(2);
      expect((await fallback.increment('up', 'u1')).count).toBe(1);
      expect(warnings()).toHaveLength(0);
    });
  });

  it('warns again in a later window while the primary keeps failing', async () => {
    let clock = 1_700_000_040_000;
    const failing: FixedWindowCounter = {
      increment: () => Promise.reject(new Error('Command timed out')),
      decrement: () => Promise.reject(new Error('Command timed out')),
    };
    const { logger, warnings } = capturingLogger();
    const counter = createFallbackCounter({
      primary: failing,
      fallback: createMemoryCounter({ windowMs, now: () => clock }),
      logger,
      windowMs,
      now: () => clock,
    });
    await counter.increment('s', 'a');
    await counter.increment('s', 'a');
    expect(warnings()).toHaveLength(1);
    clock += windowMs;
    await counter.increment('s', 'a');
    expect(warnings()).toHaveLength(2);
  });
});
