import { AppError, createAdmissionQueue, createMemoryCounter, OverloadedError, RateLimitedError, UnavailableError } from '@ticres/shared';
import type { User } from '../domain/user';
import { idlePlace } from '../../test/support/password-places';
import { guardRegistration } from './guarded-registration';
import type { HoldPasswordPlace } from './password-work';
import type { RegisterUser } from './register-user';

const USER: User = {
  id: '0190a4a4-7c3e-7b9a-9d7e-2f1f3c4b5a69',
  name: 'Ann',
  email: 'ann@example.com',
  role: 'customer',
  tokenVersion: 0,
  createdAt: new Date('2026-01-02T03:04:05Z'),
};
const INPUT = { name: 'Ann', email: 'ann@example.com', password: 'correct horse' };

describe('guardRegistration', () => {
  const windowMs = 3_600_000;
  const windowStart = 1_699_999_200_000; // a multiple of windowMs
  const sut = (perAddress: number, registerUser: RegisterUser = async () => USER, holdPasswordPlace: HoldPasswordPlace = idlePlace) => {
    const register = jest.fn(registerUser);
    const counter = createMemoryCounter({ windowMs, now: () => windowStart + 600_000 });
    return { guarded: guardRegistration(register, counter, perAddress, holdPasswordPlace), register };
  };

  it('refuses a sign-up the password queue would refuse before counting it', async () => {
    let queueFull = true;
    const { guarded, register } = sut(
      2,
      async () => USER,
      () => {
        if (queueFull) throw new OverloadedError(1, 'busy');
        return idlePlace();
      },
    );
    for (let i = 0; i < 3; i += 1) await expect(guarded(INPUT, '203.0.113.9')).rejects.toBeInstanceOf(OverloadedError);
    expect(register).not.toHaveBeenCalled();
    queueFull = false;
    // None of the three used up the allowance of two.
    await expect(guarded(INPUT, '203.0.113.9')).resolves.toEqual(USER);
    await expect(guarded(INPUT, '203.0.113.9')).resolves.toEqual(USER);
  });

  it('gives its place in the password queue up when the limit refuses the sign-up', async () => {
    const queue = createAdmissionQueue({ concurrency: 1, maxQueueLength: 0, maxWaitMs: 60_000, initialJobMs: 1 });
    const { guarded } = sut(
      1,
      async () => USER,
      (deadline) => queue.hold(deadline),
    );
    await expect(guarded(INPUT, '203.0.113.9')).resolves.toEqual(USER);
    await expect(guarded(INPUT, '203.0.113.9')).rejects.toBeInstanceOf(RateLimitedError);
    await expect(guarded(INPUT, '203.0.113.10')).resolves.toEqual(USER);
  });

  it('refuses an address past its limit, with the seconds left in the window, before any work, and no other address', async () => {
    const { guarded, register } = sut(3);
    for (let i = 0; i < 3; i += 1) await guarded(INPUT, '203.0.113.9');
    const refusal = await guarded(INPUT, '203.0.113.9').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect(refusal).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 3_000 });
    expect(register).toHaveBeenCalledTimes(3);
    await expect(guarded(INPUT, '203.0.113.10')).resolves.toBe(USER);
  });

  it('counts an IPv6 /64 as one address', async () => {
    const { guarded } = sut(2);
    await guarded(INPUT, '2001:db8:5:5::1');
    await guarded(INPUT, '2001:db8:5:5::2');
    await expect(guarded(INPUT, '2001:db8:5:5:abcd::3')).rejects.toBeInstanceOf(RateLimitedError);
    await expect(guarded(INPUT, '2001:db8:5:6::1')).resolves.toBe(USER);
  });

  it('lets no more than the limit through when sign-ups arrive all at once', async () => {
    const { guarded } = sut(5);
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, () => guarded(INPUT, '203.0.113.9')));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
  });

  it('counts a taken email, but not a sign-up refused under load or with the database out of reach', async () => {
    let answer: () => Promise<User> = () => Promise.reject(new OverloadedError(2));
    const { guarded } = sut(2, () => answer());
    for (let i = 0; i < 3; i += 1) await expect(guarded(INPUT, '203.0.113.9')).rejects.toBeInstanceOf(OverloadedError);
    answer = () => Promise.reject(new UnavailableError(1, 'down'));
    for (let i = 0; i < 3; i += 1) await expect(guarded(INPUT, '203.0.113.9')).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    answer = () => Promise.reject(new AppError('EMAIL_TAKEN', 'That email is already registered.'));
    for (let i = 0; i < 2; i += 1) await expect(guarded(INPUT, '203.0.113.9')).rejects.toMatchObject({ code: 'EMAIL_TAKEN' });
    await expect(guarded(INPUT, '203.0.113.9')).rejects.toBeInstanceOf(RateLimitedError);
  });
});
