/** Token-pair pieces shared by login (new family) and refresh (same family). */
import { newId } from '@ticres/shared';
import { refreshTokenExpiry } from '../domain/refresh-token';
import type { Role } from '../domain/role';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer';
import { generateRefreshToken, hashRefreshToken } from '../tokens/refresh-token-secret';

/** What a client receives after login or refresh. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export interface NewRefreshTokenRecord {
  id: string;
  familyId: string;
  userId: string;
  tokenHash: string;
  expiresAt: Date;
  createdAt: Date;
}

export interface RefreshTokenWriter {
  insert(token: NewRefreshTokenRecord): Promise<void>;
}

/** A refresh token ready to be stored, and the secret to hand to the client once it is. */
export function newRefreshToken(
  subject: { userId: string; familyId: string },
  now: Date,
  ttlSeconds: number,
): { secret: string; record: NewRefreshTokenRecord } {
  const secret = generateRefreshToken();
  return {
    secret,
    record: {
      id: newId(),
      familyId: subject.familyId,
      userId: subject.userId,
      tokenHash: hashRefreshToken(secret),
      expiresAt: refreshTokenExpiry(now, ttlSeconds),
      createdAt: now,
    },
  };
}

/**
 * Signs the access token that goes with a stored refresh token: the user's current role and
 * token version, and the family as its session.
 */
export async function tokenPair(
  accessTokens: AccessTokenIssuer,
  subject: { user: { id: string; role: Role; tokenVersion: number }; familyId: string },
  refreshToken: string,
): Promise<TokenPair> {
  const { user, familyId } = subject;
  const access = await accessTokens.issue({ userId: user.id, role: user.role, sessionId: familyId, tokenVersion: user.tokenVersion });
  return { accessToken: access.token, refreshToken, tokenType: 'Bearer', expiresIn: access.expiresIn };
}
