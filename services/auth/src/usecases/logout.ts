import { validationError } from '@ticres/shared';
import { hashRefreshToken } from '../tokens/refresh-token-secret';
import type { Clock } from './transactional';

export interface LogoutPorts {
  /** Revokes every token of the family that holds this hash; does nothing for an unknown hash. */
  refreshTokens: { revokeFamilyOfHash(tokenHash: string, at: Date): Promise<void> };
  now: Clock;
}

export type Logout = (refreshToken: string) => Promise<void>;

/** Ends the session the refresh token belongs to. An unknown token succeeds too: no oracle. */
export function createLogout({ refreshTokens, now }: LogoutPorts): Logout {
  return async (refreshToken) => {
    if (refreshToken === '') throw validationError([{ field: 'refresh_token', message: 'is required' }]);
    await refreshTokens.revokeFamilyOfHash(hashRefreshToken(refreshToken), now());
  };
}
