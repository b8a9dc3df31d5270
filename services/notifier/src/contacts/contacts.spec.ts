import { AppError, createServiceTokenSource } from '@ticres/shared';
import type { Contact } from '../domain/notification';
import { createContactDirectory } from './contact-directory';

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
