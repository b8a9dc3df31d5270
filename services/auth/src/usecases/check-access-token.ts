import { isUser, tokenRevoked, type Principal, type TokenVerifier } from '@ticres/shared';
import type { User } from '../domain/user';

export interface CheckAccessTokenPorts {
  verifier: Pick<TokenVerifier, 'verify'>;
  users: { findById(id: string): Promise<User | undefined> };
  refreshTokens: { isFamilyActive(familyId: string): Promise<boolean> };
}

/** Resolves the caller of a token as auth's records know it now, or throws. */
export type CheckAccessToken = (token: string | undefined) => Promise<Principal>;

/**
 * How auth proves the callers of its own authenticated calls (GetUser, SetUserRole, GetContact),
 * which the gateway also uses to re-check an admin before every admin route: the signature, then
 * auth's own database rather than the revocation record in Redis, so a privileged call sees a role
 * change or a logout the moment it commits. TOKEN_REVOKED when the user's token version has moved
 * past the token's, the session was logged out, or the account is gone; the role returned is the
 * current one. A service's token has no session or version and passes on its signature.
 */
export function createCheckAccessToken({ verifier, users, refreshTokens }: CheckAccessTokenPorts): CheckAccessToken {
  return async (token) => {
    const principal = await verifier.verify(token);
    if (!isUser(principal)) return principal;
    const user = await users.findById(principal.userId);
    if (!user || (principal.tokenVersion ?? 0) < user.tokenVersion) throw tokenRevoked();
    if (principal.sessionId !== undefined && !(await refreshTokens.isFamilyActive(principal.sessionId))) throw tokenRevoked();
    return { ...principal, role: user.role };
  };
}
