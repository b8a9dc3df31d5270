import { validationError } from '@ticres/shared';
import { hashRefreshToken } from '../tokens/refresh-token-secret';
import type { RevocationRecord } from './revocation-record';
import type { Clock } from './transactional';

export interface LogoutPorts {
  /**
   * Revokes every token of the family that holds this hash and returns the family's id;
   * undefined (and nothing done) for an unknown hash.
   */
  refreshTokens: { revokeFamilyOfHash(tokenHash: string, at: Date): Promise<string | undefined> };
  revocations: Pick<RevocationRecord, 'revokeSession'>;
  now: Clock;
}

export type Logout = (refreshToken: string) => Promise<void>;

/**
 * Ends the session the refresh token belongs to: its refresh tokens and its access tokens. An
 * unknown token succeeds too: no oracle. A logout repeated (say after UNAVAILABLE) records the
 * revocation again.
 */
export function createLogout({ refreshTokens, revocations, now }: LogoutPorts): Logout {
  return async (refreshToken) => {
    if (refreshToken === '') throw validationError([{ field: 'refresh_token', message: 'is required' }]);
    const sessionId = await refreshTokens.revokeFamilyOfHash(hashRefreshToken(refreshToken), now());
    if (sessionId !== undefined) await revocations.revokeSession(sessionId);
  };
}
