import { hashRefreshToken } from '../tokens/refresh-token-secret';
import { createLogout } from './logout';

describe('logout', () => {
  it('revokes the family of the token, looked up by its hash', async () => {
    const calls: { hash: string; at: Date }[] = [];
    const now = new Date('2030-01-01T00:00:00Z');
    const logout = createLogout({ refreshTokens: { revokeFamilyOfHash: async (hash, at) => void calls.push({ hash, at }) }, now: () => now });

    await expect(logout('some-token')).resolves.toBeUndefined();
    expect(calls).toEqual([{ hash: hashRefreshToken('some-token'), at: now }]);
  });
});
