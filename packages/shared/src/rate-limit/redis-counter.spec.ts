import { openTestRedis } from '../testing/test-redis';
import { createRedisCounter } from './redis-counter';

describe('Redis fixed-window counter (real Redis)', () => {
  const test = openTestRedis('rl');
  const { redis, prefix } = test;

  afterAll(() => test.close());

  it('counts per scope and id, in a key named <prefix>:<scope>:<id>:<window> that expires', async () => {
    const now = () => 1_700_000_070_000; // 30 s into a minute window
    const sut = createRedisCounter(redis, { prefix, windowMs: 60_000, now });
    const window = Math.floor(now() / 60_000);
    expect(await sut.increment('login-ip', '10.0.0.1')).toEqual({ count: 1, resetInMs: 30_000, window });
    expect(await sut.increment('login-ip', '10.0.0.1')).toEqual({ count: 2, resetInMs: 30_000, window });
    expect((await sut.increment('login-ip', '10.0.0.2')).count).toBe(1);
    expect((await sut.increment('login-account', '10.0.0.1')).count).toBe(1);

    const key = `${prefix}:login-ip:10.0.0.1:${Math.floor(now() / 60_000)}`;
    expect(await redis.get(key)).toBe('2');
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('takes a count back, never below zero, and never creates a key', async () => {
    const now = () => 1_700_000_070_000;
    const sut = createRedisCounter(redis, { prefix, windowMs: 60_000, now });
    await sut.increment('back', 'a');
    const { window } = await sut.increment('back', 'a');
    await sut.decrement('back', 'a', window);
    expect((await sut.increment('back', 'a')).count).toBe(2);
    await sut.decrement('back', 'missing', window);
    expect(await redis.exists(`${prefix}:back:missing:${Math.floor(now() / 60_000)}`)).toBe(0);
  });

  it('shares counts between counters on the same Redis, as replicas do', async () => {
    const first = createRedisCounter(redis, { prefix, windowMs: 60_000 });
    const second = createRedisCounter(redis, { prefix, windowMs: 60_000 });
    await first.increment('shared', 'u1');
    expect((await second.increment('shared', 'u1')).count).toBe(2);
  });

  it('starts from zero when the window ends, and leaves the old key to expire', async () => {
    const windowMs = 300;
    const windowStart = Math.floor(Date.now() / windowMs) * windowMs;
    let clock = windowStart;
    const sut = createRedisCounter(redis, { prefix, windowMs, now: () => clock });
    await sut.increment('short', 'x');
    expect(await sut.increment('short', 'x')).toEqual({ count: 2, resetInMs: windowMs, window: windowStart / windowMs });

    clock = windowStart + windowMs;
    expect((await sut.increment('short', 'x')).count).toBe(1);

    // The expiry set together with the count lets Redis drop the finished window's key.
    const ttl = await redis.pttl(`${prefix}:short:x:${windowStart / windowMs}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(windowMs);
  });
});
