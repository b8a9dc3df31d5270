import { revocationKeys, type Principal } from '@ticres/shared';
import pino from 'pino';
import { createRevocationCheck, type RevocationReader } from './revocation-check';

const keys = revocationKeys('rv');
const person: Principal = { userId: 'user-1', role: 'admin', sessionId: 'session-1', tokenVersion: 2 };

function setUp(cacheMs = 1_000) {
  const store = new Map<string, string>();
  let clock = 0;
  let down = false;
  const redis: RevocationReader & { mget: jest.Mock } = {
    mget: jest.fn(async (...wanted: string[]) => {
      if (down) throw new Error('connection refused');
      return wanted.map((key) => store.get(key) ?? null);
    }),
  };
  const isRevoked = createRevocationCheck({ redis, prefix: 'rv', cacheMs, logger: pino({ level: 'silent' }), now: () => clock });
  return {
    store,
    redis,
    isRevoked,
    advance: (ms: number) => (clock += ms),
    takeRedisDown: () => (down = true),
  };
}

describe('revocation check', () => {
  it('lets through a token nothing revokes', async () => {
    await expect(setUp().isRevoked(person)).resolves.toBeUndefined();
  });

  it('refuses a token of a logged-out session', async () => {
    const { store, isRevoked } = setUp();
    store.set(keys.session('session-1'), '1');
    await expect(isRevoked(person)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('refuses a token below the user’s minimum version, and accepts one at it', async () => {
    const { store, isRevoked } = setUp();
    store.set(keys.user('user-1'), '3');
    await expect(isRevoked(person)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    await expect(isRevoked({ ...person, tokenVersion: 3 })).resolves.toBeUndefined();
  });

  it('sees a revocation at most cacheMs after it was recorded, with one lookup per person meanwhile', async () => {
    const { store, redis, isRevoked, advance } = setUp(1_000);
    await Promise.all([isRevoked(person), isRevoked(person), isRevoked(person)]);
    store.set(keys.session('session-1'), '1');
    advance(999);
    await expect(isRevoked(person)).resolves.toBeUndefined();
    expect(redis.mget).toHaveBeenCalledTimes(1);
    advance(1);
    await expect(isRevoked(person)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('asks every time with cacheMs 0', async () => {
    const { store, isRevoked } = setUp(0);
    await isRevoked(person);
    store.set(keys.user('user-1'), '9');
    await expect(isRevoked(person)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('fails open while Redis is unreachable (admin routes re-check with auth instead)', async () => {
    const { isRevoked, takeRedisDown } = setUp();
    takeRedisDown();
    await expect(isRevoked(person)).resolves.toBeUndefined();
  });
});
