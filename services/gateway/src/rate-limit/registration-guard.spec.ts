import { createMemoryCounter, RateLimitedError } from '@ticres/shared';
import { createRegistrationGuard } from './registration-guard';

describe('registration guard', () => {
  const windowMs = 3_600_000;
  const windowStart = 1_699_999_200_000; // a multiple of windowMs
  const sut = (perIp: number) => createRegistrationGuard(createMemoryCounter({ windowMs, now: () => windowStart + 600_000 }), perIp);

  it('refuses an address past its limit, with the seconds left in the window, and no other address', async () => {
    const guard = sut(3);
    for (let i = 0; i < 3; i += 1) await guard.reserve('203.0.113.9');
    const refusal = await guard.reserve('203.0.113.9').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect(refusal).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 3_000 });
    await expect(guard.reserve('203.0.113.10')).resolves.toBeDefined();
  });

  it('counts an IPv6 /64 as one address', async () => {
    const guard = sut(2);
    await guard.reserve('2001:db8:5:5::1');
    await guard.reserve('2001:db8:5:5::2');
    await expect(guard.reserve('2001:db8:5:5:abcd::3')).rejects.toBeInstanceOf(RateLimitedError);
    await expect(guard.reserve('2001:db8:5:6::1')).resolves.toBeDefined();
  });

  it('lets no more than the limit through when sign-ups arrive all at once', async () => {
    const guard = sut(5);
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, () => guard.reserve('203.0.113.9')));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
  });

  it('does not count a released sign-up', async () => {
    const guard = sut(1);
    for (let i = 0; i < 5; i += 1) await (await guard.reserve('203.0.113.9')).release();
    await expect(guard.reserve('203.0.113.9')).resolves.toBeDefined();
  });
});
