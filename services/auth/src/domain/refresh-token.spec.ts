import { refreshTokenExpiry, refreshTokenState, type RefreshToken } from './refresh-token';

const now = new Date('2030-01-01T12:00:00Z');
const token = (overrides: Partial<RefreshToken> = {}): RefreshToken => ({
  id: 't',
  familyId: 'f',
  userId: 'u',
  expiresAt: new Date(now.getTime() + 1000),
  usedAt: null,
  revokedAt: null,
  ...overrides,
});

describe('refreshTokenState', () => {
  it('is active when unused, unrevoked and not expired', () => {
    expect(refreshTokenState(token(), now)).toBe('active');
  });

  it('is expired at the expiry instant', () => {
    expect(refreshTokenState(token({ expiresAt: now }), now)).toBe('expired');
  });

  it('is spent once used or revoked, even when also expired', () => {
    expect(refreshTokenState(token({ usedAt: now }), now)).toBe('spent');
    expect(refreshTokenState(token({ revokedAt: now }), now)).toBe('spent');
    expect(refreshTokenState(token({ usedAt: now, expiresAt: new Date(0) }), now)).toBe('spent');
  });
});

describe('refreshTokenExpiry', () => {
  it('adds the TTL in seconds', () => {
    expect(refreshTokenExpiry(now, 60).toISOString()).toBe('2030-01-01T12:01:00.000Z');
  });
});
