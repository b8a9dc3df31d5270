import { validationError } from '@ticres/shared';
import { refreshTokenInvalid } from '../domain/errors';
import { refreshTokenState, type RefreshToken } from '../domain/refresh-token';
import type { User } from '../domain/user';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer';
import { hashRefreshToken } from '../tokens/refresh-token-secret';
import type { RevocationRecord } from './revocation-record';
import { newRefreshToken, tokenPair, type RefreshTokenWriter, type TokenPair } from './session-tokens';
import type { Clock, InTransaction } from './transactional';

export interface RefreshSessionStore {
  refreshTokens: RefreshTokenWriter & {
    /** Locks the row until the transaction ends, so two refreshes of one token take turns. */
    findByHashForUpdate(tokenHash: string): Promise<RefreshToken | undefined>;
    markUsed(id: string, at: Date): Promise<void>;
    revokeFamily(familyId: string, at: Date): Promise<void>;
  };
  users: { findById(id: string): Promise<User | undefined> };
}

export interface RefreshSessionPorts {
  inTransaction: InTransaction<RefreshSessionStore>;
  accessTokens: AccessTokenIssuer;
  revocations: Pick<RevocationRecord, 'revokeSession'>;
  refreshTokenTtlSeconds: number;
  now: Clock;
}

export type RefreshSession = (refreshToken: string) => Promise<TokenPair>;

/** `revokedSession`: the family revoked for reuse, whose access tokens must stop working too. */
type Rotation = { ok: false; revokedSession?: string } | { ok: true; pair: TokenPair };

/**
 * Trades a refresh token for a new pair. A spent token presented again revokes its whole family:
 * refresh tokens and access tokens alike: either the client or a thief kept a copy, and auth cannot
 * tell which.
 */
export function createRefreshSession({ inTransaction, accessTokens, revocations, refreshTokenTtlSeconds, now }: RefreshSessionPorts): RefreshSession {
  return async (refreshToken) => {
    if (refreshToken === '') throw validationError([{ field: 'refresh_token', message: 'is required' }]);
    const tokenHash = hashRefreshToken(refreshToken);

    // Failures are returned, not thrown, so that a family revocation is committed, not rolled back.
    const rotation = await inTransaction(async ({ refreshTokens, users }): Promise<Rotation> => {
      const at = now();
      const token = await refreshTokens.findByHashForUpdate(tokenHash);
      if (!token) return { ok: false };
      const state = refreshTokenState(token, at);
      if (state === 'spent') {
        await refreshTokens.revokeFamily(token.familyId, at);
        return { ok: false, revokedSession: token.familyId };
      }
      if (state === 'expired') return { ok: false };

      const user = await users.findById(token.userId);
      if (!user) return { ok: false };
      await refreshTokens.markUsed(token.id, at);
      const { secret, record } = newRefreshToken({ userId: user.id, familyId: token.familyId }, at, refreshTokenTtlSeconds);
      await refreshTokens.insert(record);
      // Signed before commit: if signing fails the rotation rolls back and the old token still
      // works, instead of the client's retry looking like reuse and revoking the family.
      return { ok: true, pair: await tokenPair(accessTokens, { user, familyId: token.familyId }, secret) };
    });

    if (!rotation.ok) {
      if (rotation.revokedSession !== undefined) await revocations.revokeSession(rotation.revokedSession);
      throw refreshTokenInvalid();
    }
    return rotation.pair;
  };
}
