/** One link of a refresh-token chain; the token itself is never stored, only its hash. */
export interface RefreshToken {
  id: string;
  /** Every token rotated from one login shares it, so a replay can revoke the whole chain. */
  familyId: string;
  userId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * `spent`: already rotated or revoked. Presenting it again means someone kept a copy, so the whole
 * family is revoked. Checked before expiry: a replayed old token must still sound the alarm.
 */
export type RefreshTokenState = 'active' | 'expired' | 'spent';

export function refreshTokenState(token: RefreshToken, now: Date): RefreshTokenState {
  if (token.usedAt !== null || token.revokedAt !== null) return 'spent';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** When a token issued at `now` stops working. */
export function refreshTokenExpiry(now: Date, ttlSeconds: number): Date {
  return new Date(now.getTime() + ttlSeconds * 1000);
}
