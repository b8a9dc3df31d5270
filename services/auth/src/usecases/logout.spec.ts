import { hashRefreshToken } from '../tokens/refresh-token-secret';
import { createLogout } from './logout';

describe('logout', () => {
  const now = new Date('2030-01-01T00:00:00Z');

  function setUp(familyOfHash: string | undefined) {
    const revokedFamilies: { hash: string; at: Date }[] = [];
    const revokedSessions: string[] = [];
    const logout = createLogout({
      refreshTokens: {
        revokeFamilyOfHash: async (hash, at) => {
          revokedFamilies.push({ hash, at });
          return familyOfHash;
        },
      },
      revocations: { revokeSession: async (sessionId) => void revokedSessions.push(sessionId) },
      now: () => now,
    });
    return { logout, revokedFamilies, revokedSessions };
  }

  it('revokes the family of the token, looked up by its hash, and its access tokens (the session)', async () => {
    const { logout, revokedFamilies, revokedSessions } = setUp('family-1');
    await expect(logout('some-token')).resolves.toBeUndefined();
    expect(revokedFamilies).toEqual([{ hash: hashRefreshToken('some-token'), at: now }]);
    expect(revokedSessions).toEqual(['family-1']);
  });

  it('succeeds for an unknown token and records nothing', async () => {
    const { logout, revokedSessions } = setUp(undefined);
    await expect(logout('never-issued')).resolves.toBeUndefined();
    expect(revokedSessions).toEqual([]);
  });
});
