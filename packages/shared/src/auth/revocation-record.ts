import { AppError } from '../errors';
import type { Principal } from './token-verifier';

/**
 * The revocation record, in Redis, shared by auth (which writes it) and every verifier that reads
 * it (the gateway). Two kinds of key, each kept as long as an access token lives, after which
 * every token it could refuse has expired anyway:
 *
 * - `<prefix>:user:<userId>`: the lowest token version (`ver`) still valid. auth raises it (never
 *   lowers it) after a role change, so every token signed before the change is refused.
 * - `<prefix>:session:<sid>`: present once the session (refresh-token family) was logged out or
 *   revoked for reuse, so that session's access tokens are refused.
 *
 * A missing key revokes nothing; a service's token has neither `sid` nor a user key.
 */
export interface RevocationKeys {
  user(userId: string): string;
  session(sessionId: string): string;
}

export function revocationKeys(prefix: string): RevocationKeys {
  return {
    user: (userId) => `${prefix}:user:${userId}`,
    session: (sessionId) => `${prefix}:session:${sessionId}`,
  };
}

/** Whether the stored values (`GET` of the user key, `GET` of the session key) revoke the token. */
export function isRevokedBy(principal: Principal, minimumVersion: string | null, sessionMark: string | null): boolean {
  if (sessionMark !== null) return true;
  // A token signed before versions existed counts as version 0.
  return minimumVersion !== null && (principal.tokenVersion ?? 0) < Number(minimumVersion);
}

export const tokenRevoked = () => new AppError('TOKEN_REVOKED', 'This access token was revoked; log in or refresh again.');
