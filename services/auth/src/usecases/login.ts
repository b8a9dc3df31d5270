import { newId, type QueuePlace } from '@ticres/shared';
import { invalidCredentials } from '../domain/errors';
import { emailProblem, normalizeEmail } from '../domain/email';
import { PASSWORD_MAX_BYTES, passwordByteLength } from '../domain/password';
import type { UserCredentials } from '../domain/user';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer';
import { newRefreshToken, tokenPair, type RefreshTokenWriter, type TokenPair } from './session-tokens';
import type { Clock } from './transactional';

export interface LoginPorts {
  users: { findCredentialsByEmail(email: string): Promise<UserCredentials | undefined> };
  refreshTokens: RefreshTokenWriter;
  verifyPassword: (password: string, hash: string) => Promise<boolean>;
  /**
   * A hash of a random password at the configured cost, computed once at start. Comparing against
   * it when the email is unknown makes that answer take as long as a wrong password.
   */
  dummyPasswordHash: string;
  accessTokens: AccessTokenIssuer;
  refreshTokenTtlSeconds: number;
  now: Clock;
}

export interface LoginInput {
  email: string;
  password: string;
}

/**
 * `place`: the login's place in the password queue, held on arrival (HoldPasswordPlace); the lookup
 * and the comparison run there as one job.
 */
export type Login = (input: LoginInput, place: QueuePlace) => Promise<TokenPair>;

/**
 * Checks the password and starts a new session: a fresh refresh-token family. Refused with
 * OVERLOADED, having read and written nothing, when its place in the password queue comes too late.
 */
export function createLogin(ports: LoginPorts): Login {
  const { users, refreshTokens, verifyPassword, dummyPasswordHash, accessTokens, refreshTokenTtlSeconds, now } = ports;
  return async ({ email, password }, place) => {
    const address = normalizeEmail(email);
    // Admitted before the lookup, so a login storm beyond capacity is refused without touching the
    // database; unknown and known addresses take the same path through the queue.
    const { user, matches } = await place.run(async () => {
      // No account can have an address that registration would refuse; such an address is not even
      // looked up, so database collation quirks (non-ASCII lower-casing, NUL) cannot match one.
      const user = emailProblem(address) === undefined ? await users.findCredentialsByEmail(address) : undefined;
      return { user, matches: await verifyPassword(password, user?.passwordHash ?? dummyPasswordHash) };
    });
    // bcrypt ignores bytes past 72, so a longer password could match by its prefix; no stored
    // password is that long, so such a password is wrong by definition.
    const tooLong = passwordByteLength(password) > PASSWORD_MAX_BYTES;
    if (!user || !matches || tooLong) throw invalidCredentials();

    const { secret, record } = newRefreshToken({ userId: user.id, familyId: newId() }, now(), refreshTokenTtlSeconds);
    await refreshTokens.insert(record);
    return tokenPair(accessTokens, { user, familyId: record.familyId }, secret);
  };
}
