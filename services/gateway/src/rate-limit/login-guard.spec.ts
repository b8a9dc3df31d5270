import { createLoginGuard } from './login-guard';
import { createMemoryCounter } from './memory-counter';
import { RateLimitedError } from './rate-limited-error';

describe('login guard', () => {
  const windowStart = 1_700_000_040_000;
  const sut = (limits = { perIp: 20, perAccount: 5 }) =>
    createLoginGuard(createMemoryCounter({ windowMs: 60_000, now: () => windowStart + 50_500 }), limits);

  it('refuses an account after its limit of failures, with the seconds left in the window', async () => {
    const guard = sut();
    const attempt = { ip: '10.0.0.1', email: 'ann@example.com' };
    for (let i = 0; i < 5; i += 1) await guard.reserve(attempt);
    const refusal = await guard.reserve(attempt).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect((refusal as RateLimitedError).code).toBe('RATE_LIMITED');
    expect((refusal as RateLimitedError).retryAfterSeconds).toBe(10);
  });

  it('lets no more than the limit through when guesses arrive all at once', async () => {
    const guard = sut({ perIp: 100, perAccount: 5 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, () => guard.reserve({ ip: '10.0.0.1', email: 'ann@example.com' })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
  });

  it('counts an account case-insensitively, from any IP', async () => {
    const guard = sut({ perIp: 100, perAccount: 2 });
    await guard.reserve({ ip: '10.0.0.1', email: 'Ann@Example.com' });
    await guard.reserve({ ip: '10.0.0.2', email: 'ann@example.com' });
    await expect(guard.reserve({ ip: '10.0.0.3', email: 'ANN@EXAMPLE.COM' })).rejects.toBeInstanceOf(RateLimitedError);
    await expect(guard.reserve({ ip: '10.0.0.3', email: 'bob@example.com' })).resolves.toBeDefined();
  });

  it('refuses an IP after its limit of failures, whatever the account', async () => {
    const guard = sut({ perIp: 3, perAccount: 100 });
    for (const email of ['a@x.io', 'b@x.io', 'c@x.io']) await guard.reserve({ ip: '10.0.0.9', email });
    await expect(guard.reserve({ ip: '10.0.0.9', email: 'd@x.io' })).rejects.toBeInstanceOf(RateLimitedError);
    await expect(guard.reserve({ ip: '10.0.0.8', email: 'd@x.io' })).resolves.toBeDefined();
  });

  it('never counts released attempts, so successful logins use up nothing', async () => {
    const guard = sut({ perIp: 1, perAccount: 1 });
    for (let i = 0; i < 10; i += 1) {
      const reservation = await guard.reserve({ ip: '10.0.0.1', email: 'ann@example.com' });
      await reservation.release();
    }
  });
});
