import { AppError, createAdmissionQueue, createMemoryCounter, OverloadedError, RateLimitedError } from '@ticres/shared';
import { idlePlace } from '../../test/support/password-places';
import { guardLogin } from './guarded-login';
import type { Login } from './login';
import { accountKeyOf, createLoginThrottle, type KnownAddresses, type LoginLimits } from './login-throttle';
import type { HoldPasswordPlace } from './password-work';

const windowStart = 1_800_000_000_000;
const LIMITS: LoginLimits = { perAccountAddress: 3, perAddress: 5, perAccount: 4 };
const TOKENS = { accessToken: 'a', refreshToken: 'r', tokenType: 'Bearer' as const, expiresIn: 900 };

function knownAddressSet(): KnownAddresses & { pairs: Set<string> } {
  const pairs = new Set<string>();
  return {
    pairs,
    isKnown: async (account, address) => pairs.has(`${account}|${address}`),
    remember: async (account, address) => void pairs.add(`${account}|${address}`),
  };
}

/** A login whose right password is `right`; anything else is INVALID_CREDENTIALS. */
const passwordIsRight: Login = async ({ password }) => {
  if (password !== 'right') throw new AppError('INVALID_CREDENTIALS', 'The email or password is wrong.');
  return TOKENS;
};

function setUp(login: Login = passwordIsRight, limits: LoginLimits = LIMITS, holdPasswordPlace: HoldPasswordPlace = idlePlace) {
  // 40 s into a minute window, and 40 s into the account's 15-minute one.
  const now = () => windowStart + 40_000;
  const knownAddresses = knownAddressSet();
  const throttle = createLoginThrottle({
    limits,
    counter: createMemoryCounter({ windowMs: 60_000, now }),
    accountCounter: createMemoryCounter({ windowMs: 900_000, now }),
    knownAddresses,
  });
  const sut = guardLogin(login, throttle, holdPasswordPlace);
  const attempt = (email: string, password: string, address: string) =>
    sut({ email, password }, address).then(
      () => 'ok',
      (error: unknown) => (error instanceof AppError ? error.code : 'other'),
    );
  return { sut, attempt, knownAddresses };
}

async function attempts(count: number, attempt: () => Promise<string>): Promise<string[]> {
  const outcomes: string[] = [];
  for (let i = 0; i < count; i += 1) outcomes.push(await attempt());
  return outcomes;
}

describe('login throttle', () => {
  it('refuses the attempt after the per-(account, address) limit with RATE_LIMITED and the wait until the window ends', async () => {
    const { sut, attempt } = setUp();
    expect(await attempts(3, () => attempt('ann@example.com', 'guess', '198.51.100.7'))).toEqual(Array(3).fill('INVALID_CREDENTIALS'));
    const refusal = await sut({ email: 'ANN@example.com ', password: 'right' }, '198.51.100.7').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect((refusal as RateLimitedError).retryAfterSeconds).toBe(20);
    // The same account from elsewhere is not held up by that address.
    expect(await attempt('ann@example.com', 'right', '203.0.113.10')).toBe('ok');
  });

  it('lets the owner in from an address they logged in from, after strangers used up the account-wide limit', async () => {
    const { attempt } = setUp();
    expect(await attempt('ann@example.com', 'right', '203.0.113.10')).toBe('ok');
    for (let stranger = 1; stranger <= 4; stranger += 1) {
      expect(await attempt('ann@example.com', 'guess', `198.51.100.${stranger}`)).toBe('INVALID_CREDENTIALS');
    }
    // A fifth stranger, and the owner on a new device, meet the account-wide limit...
    expect(await attempt('ann@example.com', 'guess', '198.51.100.5')).toBe('RATE_LIMITED');
    expect(await attempt('ann@example.com', 'right', '192.0.2.44')).toBe('RATE_LIMITED');
    // ...the owner where they logged in before does not.
    expect(await attempt('ann@example.com', 'right', '203.0.113.10')).toBe('ok');
  });

  it('refuses an address that fails across many accounts, except for accounts that know it', async () => {
    const { attempt } = setUp();
    expect(await attempt('office@example.com', 'right', '192.0.2.1')).toBe('ok');
    for (let account = 1; account <= 5; account += 1) {
      expect(await attempt(`victim${account}@example.com`, 'guess', '192.0.2.1')).toBe('INVALID_CREDENTIALS');
    }
    expect(await attempt('victim6@example.com', 'guess', '192.0.2.1')).toBe('RATE_LIMITED');
    expect(await attempt('office@example.com', 'right', '192.0.2.1')).toBe('ok');
  });

  it('counts an IPv6 client by its /64, as the other per-address limits do', async () => {
    const { attempt } = setUp();
    for (let host = 1; host <= 3; host += 1) expect(await attempt('ann@example.com', 'guess', `2001:db8:1:2::${host}`)).toBe('INVALID_CREDENTIALS');
    expect(await attempt('ann@example.com', 'guess', '2001:db8:1:2::ff')).toBe('RATE_LIMITED');
  });

  it('does not count a refused attempt, so hammering while refused does not push the account-wide limit along', async () => {
    const { attempt } = setUp();
    await attempts(3, () => attempt('ann@example.com', 'guess', '198.51.100.7'));
    expect(await attempts(20, () => attempt('ann@example.com', 'guess', '198.51.100.7'))).toEqual(Array(20).fill('RATE_LIMITED'));
    // 3 failures counted against the account, not 23: another new address still has room.
    expect(await attempt('ann@example.com', 'right', '192.0.2.44')).toBe('ok');
  });

  it('refuses a concurrent burst past the limit: only the first attempts reach the password check', async () => {
    let checked = 0;
    const { attempt } = setUp(async (input, place) => {
      checked += 1;
      return passwordIsRight(input, place);
    });
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => attempt('ann@example.com', 'guess', '198.51.100.7')));
    expect(outcomes.filter((outcome) => outcome === 'INVALID_CREDENTIALS')).toHaveLength(3);
    expect(checked).toBe(3);
  });

  it('refuses a login the password queue would refuse before counting it or reading its known addresses', async () => {
    let queueFull = true;
    const { attempt, knownAddresses } = setUp(passwordIsRight, LIMITS, () => {
      if (queueFull) throw new OverloadedError(1, 'busy');
      return idlePlace();
    });
    const isKnown = jest.spyOn(knownAddresses, 'isKnown');
    expect(await attempts(5, () => attempt('ann@example.com', 'guess', '198.51.100.7'))).toEqual(Array(5).fill('OVERLOADED'));
    expect(isKnown).not.toHaveBeenCalled();
    queueFull = false;
    // None of the five used up the allowance of three.
    expect(await attempts(3, () => attempt('ann@example.com', 'guess', '198.51.100.7'))).toEqual(Array(3).fill('INVALID_CREDENTIALS'));
  });

  it('holds each login’s place in the password queue while it is counted, so a burst is not admitted twice over', async () => {
    const queue = createAdmissionQueue({ concurrency: 1, maxQueueLength: 1, maxWaitMs: 60_000, initialJobMs: 1 });
    const { attempt, knownAddresses } = setUp(passwordIsRight, LIMITS, (deadline) => queue.hold(deadline));
    const isKnown = jest.spyOn(knownAddresses, 'isKnown');
    // One running and one waiting fit; all three arrive before any has been counted.
    const outcomes = await Promise.all(['ann', 'bob', 'cy'].map((name) => attempt(`${name}@example.com`, 'right', '198.51.100.7')));
    expect(outcomes).toEqual(['ok', 'ok', 'OVERLOADED']);
    // The third was refused on arrival, before the throttle read or counted anything for it.
    expect(isKnown).toHaveBeenCalledTimes(2);
  });

  it('gives its place in the password queue up when the throttle refuses it', async () => {
    const queue = createAdmissionQueue({ concurrency: 1, maxQueueLength: 0, maxWaitMs: 60_000, initialJobMs: 1 });
    const { attempt } = setUp(passwordIsRight, LIMITS, (deadline) => queue.hold(deadline));
    expect(await attempts(4, () => attempt('ann@example.com', 'guess', '198.51.100.7'))).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'RATE_LIMITED',
    ]);
    expect(await attempt('bob@example.com', 'right', '198.51.100.8')).toBe('ok');
  });

  it('takes back successes and attempts that were never checked, and remembers the address of a success', async () => {
    let overloaded = true;
    const { attempt, knownAddresses } = setUp(async (input, place) => {
      if (overloaded) throw new OverloadedError(1, 'busy');
      return passwordIsRight(input, place);
    });
    expect(await attempts(5, () => attempt('ann@example.com', 'right', '198.51.100.7'))).toEqual(Array(5).fill('OVERLOADED'));
    overloaded = false;
    expect(await attempts(5, () => attempt('ann@example.com', 'right', '198.51.100.7'))).toEqual(Array(5).fill('ok'));
    expect(await attempts(3, () => attempt('ann@example.com', 'guess', '198.51.100.7'))).toEqual(Array(3).fill('INVALID_CREDENTIALS'));
    expect(knownAddresses.pairs).toEqual(new Set([`${accountKeyOf('ann@example.com')}|198.51.100.7`]));
  });
});
