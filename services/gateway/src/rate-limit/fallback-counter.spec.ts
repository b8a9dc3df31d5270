import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { createRedis } from '../redis';
import { createFallbackCounter } from './fallback-counter';
import type { FixedWindowCounter } from './fixed-window-counter';
import { createLoginGuard } from './login-guard';
import { createMemoryCounter } from './memory-counter';
import { RateLimitedError } from './rate-limited-error';
import { createRedisCounter } from './redis-counter';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const windowMs = 60_000;

function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, warnings: () => lines.filter((line) => line.level === 40) };
}

describe('fallback counter', () => {
  const prefix = `ticres:rl:test:${randomBytes(6).toString('hex')}`;

  describe('with Redis unreachable (a closed port)', () => {
    let redis: Redis;
    const { logger, warnings } = capturingLogger();

    beforeAll(() => {
      // The production client: no offline queue, so commands fail at once instead of waiting.
      redis = createRedis('redis://127.0.0.1:1', pino({ level: 'silent' }));
    });
    afterAll(() => redis.disconnect());

    it('still enforces the login limit, in memory, and warns once per window', async () => {
      const counter = createFallbackCounter({
        primary: createRedisCounter(redis, { prefix, windowMs }),
        fallback: createMemoryCounter({ windowMs }),
        logger,
        windowMs,
      });
      const guard = createLoginGuard(counter, { perIp: 100, perAccount: 3 });
      const attempt = { ip: '10.1.1.1', email: 'victim@example.com' };

      for (let failure = 0; failure < 3; failure += 1) await guard.reserve(attempt);
      await expect(guard.reserve(attempt)).rejects.toBeInstanceOf(RateLimitedError);
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]!.msg).toMatch(/Redis unavailable/);
    });
  });

  describe('with Redis up', () => {
    let redis: Redis;
    beforeAll(() => {
      redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    });
    afterAll(async () => {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    });

    it('counts in Redis and leaves the in-memory counter untouched', async () => {
      const fallback = createMemoryCounter({ windowMs });
      const { logger, warnings } = capturingLogger();
      const counter = createFallbackCounter({
        primary: createRedisCounter(redis, { prefix, windowMs }),
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
