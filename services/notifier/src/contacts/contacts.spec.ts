import { AppError } from '@ticres/shared';
import type { Contact } from '../domain/notification';
import { createContactDirectory } from './contact-directory';
import { createServiceTokenSource } from './service-token-source';

describe('createServiceTokenSource', () => {
  it('reuses a token until shortly before it expires, and shares one request among concurrent callers', async () => {
    let now = 0;
    let issued = 0;
    const source = createServiceTokenSource({
      issue: async () => ({ accessToken: `token-${++issued}`, expiresInSeconds: 900 }),
      renewBeforeSeconds: 60,
      now: () => now,
    });
    expect(await Promise.all([source.token(), source.token(), source.token()])).toEqual(['token-1', 'token-1', 'token-1']);
    now = 839_999;
    await expect(source.token()).resolves.toBe('token-1');
    now = 840_000;
    await expect(source.token()).resolves.toBe('token-2');
    source.invalidate();
    await expect(source.token()).resolves.toBe('token-3');
  });

  it('does not cache a failed request', async () => {
    let calls = 0;
    const source = createServiceTokenSource({
      issue: async () => {
        calls += 1;
        if (calls === 1) throw new AppError('UNAVAILABLE', 'auth down');
        return { accessToken: 'token', expiresInSeconds: 900 };
      },
    });
    await expect(source.token()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(source.token()).resolves.toBe('token');
  });
});

describe('createContactDirectory', () => {
  const rosa: Contact = { userId: 'u1', name: 'Rosa', email: 'rosa@example.com' };

  function setUp(cacheSeconds = 60) {
    let now = 0;
    const asked: { userId: string; token: string }[] = [];
    let refuseToken: string | undefined;
    let tokenNumber = 0;
    const tokens = createServiceTokenSource({ issue: async () => ({ accessToken: `t${++tokenNumber}`, expiresInSeconds: 900 }) });
    const directory = createContactDirectory({
      tokens,
      cacheSeconds,
      now: () => now,
      fetchContact: async (userId, token) => {
        asked.push({ userId, token });
        if (token === refuseToken) throw new AppError('UNAUTHENTICATED', 'no');
        return userId === rosa.userId ? rosa : undefined;
      },
    });
    return { directory, asked, advance: (ms: number) => (now += ms), refuse: (token: string) => (refuseToken = token) };
  }

  it('caches a found contact for cacheSeconds', async () => {
    const { directory, asked, advance } = setUp(60);
    await expect(directory.find('u1')).resolves.toEqual(rosa);
    await expect(directory.find('u1')).resolves.toEqual(rosa);
    expect(asked).toHaveLength(1);
    advance(60_000);
    await directory.find('u1');
    expect(asked).toHaveLength(2);
  });

  it('does not cache an unknown user', async () => {
    const { directory, asked } = setUp();
    await expect(directory.find('nobody')).resolves.toBeUndefined();
    await directory.find('nobody');
    expect(asked).toHaveLength(2);
  });

  it('asks again once with a fresh token when auth refuses the cached one', async () => {
    const { directory, asked, refuse } = setUp(0);
    refuse('t1');
    await expect(directory.find('u1')).resolves.toEqual(rosa);
    expect(asked.map((a) => a.token)).toEqual(['t1', 't2']);
  });
});
