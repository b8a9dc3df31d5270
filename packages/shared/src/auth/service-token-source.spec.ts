import { AppError } from '../errors';
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

  it('serves the cached token while a renewal fails, until it expires', async () => {
    let now = 0;
    let authUp = true;
    const source = createServiceTokenSource({
      issue: async () => {
        if (!authUp) throw new AppError('UNAVAILABLE', 'auth down');
        return { accessToken: `token-at-${now}`, expiresInSeconds: 900 };
      },
      renewBeforeSeconds: 60,
      now: () => now,
    });
    await expect(source.token()).resolves.toBe('token-at-0');
    authUp = false;
    now = 850_000; // due for renewal, still valid
    await expect(source.token()).resolves.toBe('token-at-0');
    now = 900_000; // expired: nothing to serve
    await expect(source.token()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    authUp = true;
    await expect(source.token()).resolves.toBe('token-at-900000');
  });
});
