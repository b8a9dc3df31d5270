import { createTokenVerifier, withTransaction, type Logger, type Pool, type PoolClient, type TokenVerifier } from '@ticres/shared';
import type { AuthConfig } from './config';
import { createRefreshTokenRepository } from './db/refresh-token.repository';
import { createSigningKeyRepository } from './db/signing-key.repository';
import { createUserRepository } from './db/user.repository';
import { createBcryptPasswordHasher } from './passwords/bcrypt-password-hasher';
import { createAccessTokenIssuer } from './tokens/access-token-issuer';
import { generateSigningKeyPair } from './tokens/signing-key-pair';
import { createGetContact, type GetContact } from './usecases/get-contact';
import { createGetPublicKeys, type GetPublicKeys } from './usecases/get-public-keys';
import { createGetUser, type GetUser } from './usecases/get-user';
import { createIssueServiceToken, type IssueServiceToken } from './usecases/issue-service-token';
import { createLogin, type Login } from './usecases/login';
import { createLogout, type Logout } from './usecases/logout';
import { createRefreshSession, type RefreshSession } from './usecases/refresh-session';
import { createRegisterUser, type RegisterUser } from './usecases/register-user';
import { createRotateSigningKey, type RotateSigningKey } from './usecases/rotate-signing-key';
import { createSetUserRole, type SetUserRole } from './usecases/set-user-role';
import type { Clock, InTransaction } from './usecases/transactional';

/** Everything the gRPC edge and the rotation timer need, built on one pool. */
export interface AuthComponents {
  registerUser: RegisterUser;
  login: Login;
  refreshSession: RefreshSession;
  logout: Logout;
  getUser: GetUser;
  setUserRole: SetUserRole;
  getPublicKeys: GetPublicKeys;
  /** Logs each token it issues and each refusal (service name only). */
  issueServiceToken: IssueServiceToken;
  getContact: GetContact;
  /** Logs each key it creates. */
  rotateSigningKey: RotateSigningKey;
  verifier: TokenVerifier;
}

export interface ComposeOptions {
  logger: Logger;
  /** Tests move time; everything else uses the wall clock. */
  now?: Clock;
}

function transactional<Store>(pool: Pool, storeOf: (client: PoolClient) => Store): InTransaction<Store> {
  return (work) => withTransaction(pool, (client) => work(storeOf(client)));
}

/**
 * Wires repositories -> use cases by hand. Computes the login dummy hash (one bcrypt at the
 * configured cost) before returning; creates no key and starts no timer.
 */
export async function composeAuth(pool: Pool, config: AuthConfig, { logger, now = () => new Date() }: ComposeOptions): Promise<AuthComponents> {
  const users = createUserRepository(pool);
  const refreshTokens = createRefreshTokenRepository(pool);
  const signingKeys = createSigningKeyRepository(pool);
  const passwords = createBcryptPasswordHasher(config.BCRYPT_COST);

  const rotate = createRotateSigningKey({
    inTransaction: transactional(pool, createSigningKeyRepository),
    generateKeyPair: generateSigningKeyPair,
    rotationSeconds: config.SIGNING_KEY_ROTATION_SECONDS,
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    now,
  });
  const rotateSigningKey: RotateSigningKey = async () => {
    const rotation = await rotate();
    if (rotation.created) logger.info({ kid: rotation.key.kid, signs_until: rotation.key.signsUntil }, 'signing key created');
    return rotation;
  };

  const accessTokens = createAccessTokenIssuer({
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    // Normally the key the timer made; if the timer is late, the first login after the switch makes it.
    currentSigningKey: async () => (await rotateSigningKey()).key,
    now,
  });

  const getPublicKeys = createGetPublicKeys({ signingKeys, now });
  const issue = createIssueServiceToken({ serviceSecrets: config.SERVICE_SECRETS, accessTokens });
  const issueServiceToken: IssueServiceToken = async (input) => {
    try {
      const pair = await issue(input);
      logger.info({ service: input.service, expires_in: pair.expiresIn }, 'service token issued');
      return pair;
    } catch (error) {
      // The name only: it may be a typo worth seeing in the log; the secret never is.
      logger.warn({ service: input.service.slice(0, 64) }, 'service token refused');
      throw error;
    }
  };
  const verifier = createTokenVerifier({
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    algorithm: 'EdDSA',
    // Auth's own key table, not a gRPC call to itself; cheap enough to re-read every second.
    loadKeys: async () =>
      (await getPublicKeys()).map((key) => ({
        kid: key.kid,
        alg: key.alg,
        public_key_pem: key.publicKeyPem,
        not_after: key.notAfter.toISOString(),
      })),
    minReloadIntervalMs: 1_000,
    now: () => now().getTime(),
  });

  return {
    registerUser: createRegisterUser({ users, hashPassword: passwords.hash, now }),
    login: createLogin({
      users,
      refreshTokens,
      verifyPassword: passwords.verify,
      dummyPasswordHash: await passwords.dummyHash(),
      accessTokens,
      refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
      now,
    }),
    refreshSession: createRefreshSession({
      inTransaction: transactional(pool, (client) => ({
        refreshTokens: createRefreshTokenRepository(client),
        users: createUserRepository(client),
      })),
      accessTokens,
      refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
      now,
    }),
    logout: createLogout({ refreshTokens, now }),
    getUser: createGetUser({ users }),
    setUserRole: createSetUserRole({ users, now }),
    getPublicKeys,
    issueServiceToken,
    getContact: createGetContact({ users }),
    rotateSigningKey,
    verifier,
  };
}
