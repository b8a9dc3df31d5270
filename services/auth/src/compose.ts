import {
  closeRedis,
  createAdmissionQueue,
  createFailFastRedis,
  createSharedCounter,
  createTokenVerifier,
  createSharedWriteLimit,
  withTransaction,
  type Logger,
  type Pool,
  type PoolClient,
  type TokenVerifier,
  type WriteLimit,
} from '@ticres/shared';
import type { AuthConfig } from './config';
import { createRefreshTokenRepository } from './db/refresh-token.repository';
import { createSigningKeyRepository } from './db/signing-key.repository';
import { createUserRepository } from './db/user.repository';
import { createBcryptPasswordHasher, type PasswordHasher } from './passwords/bcrypt-password-hasher';
import { createBcryptWorkerPool, type BcryptWorkerPool } from './passwords/bcrypt-worker-pool';
import { createRedisRevocationRecord } from './revocation/redis-revocation-record';
import { createRevocationRedis } from './revocation/revocation-redis';
import { createAccessTokenIssuer } from './tokens/access-token-issuer';
import { generateSigningKeyPair } from './tokens/signing-key-pair';
import { createCheckAccessToken, type CheckAccessToken } from './usecases/check-access-token';
import { createGetContact, type GetContact } from './usecases/get-contact';
import { createGetPublicKeys, type GetPublicKeys } from './usecases/get-public-keys';
import { createGetUser, type GetUser } from './usecases/get-user';
import { createFailureWindow } from './domain/failure-window';
import { createIssueServiceToken, type IssueServiceToken } from './usecases/issue-service-token';
import { createLogin } from './usecases/login';
import { guardLogin, type GuardedLogin } from './usecases/guarded-login';
import { createLoginThrottle } from './usecases/login-throttle';
import { createRedisKnownAddresses } from './login-protection/redis-known-addresses';
import { createLogout, type Logout } from './usecases/logout';
import { inPasswordPlace, type HoldPasswordPlace } from './usecases/password-work';
import { createRefreshSession, type RefreshSession } from './usecases/refresh-session';
import { createRegisterUser, type RegisterUserDirectly } from './usecases/register-user';
import { guardRegistration, type GuardedRegistration } from './usecases/guarded-registration';
import { createRotateSigningKey, type RotateSigningKey } from './usecases/rotate-signing-key';
import { createSetUserRole, type SetUserRole } from './usecases/set-user-role';
import type { Clock, InTransaction } from './usecases/transactional';

/** Everything the gRPC edge and the rotation timer need, built on one pool. */
export interface AuthComponents {
  /** Unlimited: for the admin seed and tests; callers from outside go through `register`. */
  registerUser: RegisterUserDirectly;
  /** Behind the sign-up limit (REGISTER_LIMIT_*), counted in Redis. */
  register: GuardedRegistration;
  /** Behind the login limits (LOGIN_LIMIT_*), counted in Redis. */
  login: GuardedLogin;
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
  /** The caller of a token by auth's current records (token version, session, role). */
  checkAccessToken: CheckAccessToken;
  /** The caller of a write, by checkAccessToken, counted against WRITE_LIMIT_PER_USER (a person's; never a service's). */
  writes: WriteLimit;
  /** Stops the password threads (jobs still queued are rejected) and the Redis connections. */
  close(): Promise<void>;
}

export interface ComposeOptions {
  logger: Logger;
  /** Tests move time; everything else uses the wall clock. */
  now?: Clock;
}

/** Rounds of timing at start; the quickest counts, as a process starting beside others is slowed. */
const TIMING_ROUNDS = 3;

/**
 * The login dummy hash, and the password queue's first estimate of a job: hashes made on every
 * thread at once (a job takes that long when all threads are busy, as in a burst), timed over a
 * few rounds, the quickest taken.
 */
async function timeDummyHash(workers: BcryptWorkerPool, passwords: PasswordHasher): Promise<{ dummyPasswordHash: string; hashMs: number }> {
  await workers.ready();
  let dummyPasswordHash = '';
  let hashMs = Infinity;
  for (let round = 0; round < TIMING_ROUNDS; round += 1) {
    const startedAt = performance.now();
    [dummyPasswordHash] = (await Promise.all(Array.from({ length: workers.size }, () => passwords.dummyHash()))) as [string];
    hashMs = Math.min(hashMs, performance.now() - startedAt);
  }
  return { dummyPasswordHash, hashMs };
}

function transactional<Store>(pool: Pool, storeOf: (client: PoolClient) => Store): InTransaction<Store> {
  return (work) => withTransaction(pool, (client) => work(storeOf(client)));
}

/**
 * What a login or sign-up still needs after its password job, and the job must leave before the
 * caller's deadline: a refresh-token insert, a signature and the answer's way back, a few
 * milliseconds, plus room for a scheduling hiccup or a GC pause on a loaded machine (with 25 ms,
 * an admitted login now and then answered just after a short deadline).
 */
const AFTER_PASSWORD_WORK_MS = 100;

/** Wrong service secrets one address may send a minute: a misconfigured service retrying is far below it. */
const SERVICE_TOKEN_FAILURES_PER_MINUTE = 10;

/**
 * Wires repositories -> use cases by hand. Starts the password threads and computes the login
 * dummy hash on them (a few bcrypts at the configured cost per thread, which also give the
 * password queue its first estimate of a job's time) before returning; creates no key and starts
 * no timer.
 */
export async function composeAuth(pool: Pool, config: AuthConfig, { logger, now = () => new Date() }: ComposeOptions): Promise<AuthComponents> {
  const users = createUserRepository(pool);
  const refreshTokens = createRefreshTokenRepository(pool);
  const signingKeys = createSigningKeyRepository(pool);
  const revocationRedis = createRevocationRedis(config.REDIS_URL, logger);
  const revocations = createRedisRevocationRecord(revocationRedis.redis, {
    prefix: config.REVOCATION_KEY_PREFIX,
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });
  // Fail-fast, unlike the revocation record's: a login, sign-up or write never waits on Redis, it counts in memory.
  const loginLimitRedis = createFailFastRedis(config.REDIS_URL, logger);
  const workers = createBcryptWorkerPool({ size: config.PASSWORD_WORKERS, nice: config.PASSWORD_WORKER_NICE });
  const passwords = createBcryptPasswordHasher(config.BCRYPT_COST, workers);
  const close = async () => {
    await Promise.all([workers.close(), revocationRedis.close(), closeRedis(loginLimitRedis)]);
  };
  const { dummyPasswordHash, hashMs } = await timeDummyHash(workers, passwords).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  logger.info({ workers: workers.size, bcrypt_cost: config.BCRYPT_COST, hash_ms: Math.round(hashMs) }, 'password threads ready');
  // One job per thread at a time, so the queue's slots are the threads.
  const passwordQueue = createAdmissionQueue({
    concurrency: workers.size,
    maxQueueLength: config.PASSWORD_QUEUE_LENGTH,
    maxWaitMs: config.PASSWORD_MAX_WAIT_MS,
    initialJobMs: hashMs,
    finishReserveMs: AFTER_PASSWORD_WORK_MS,
    refusal: 'Too many logins and sign-ups at once',
  });
  const holdPasswordPlace: HoldPasswordPlace = (deadline) => passwordQueue.hold(deadline);

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
  const issue = createIssueServiceToken({
    serviceSecrets: config.SERVICE_SECRETS,
    accessTokens,
    failures: createFailureWindow({ limit: SERVICE_TOKEN_FAILURES_PER_MINUTE, windowMs: 60_000 }),
  });
  const issueServiceToken: IssueServiceToken = async (input, callerAddress) => {
    try {
      const pair = await issue(input, callerAddress);
      logger.info({ service: input.service, expires_in: pair.expiresIn }, 'service token issued');
      return pair;
    } catch (error) {
      // The name only: it may be a typo worth seeing in the log; the secret never is.
      logger.warn({ service: input.service.slice(0, 64), caller: callerAddress }, 'service token refused');
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

  const loginCounter = (windowSeconds: number) =>
    createSharedCounter({ redis: loginLimitRedis, prefix: config.LOGIN_LIMIT_KEY_PREFIX, windowMs: windowSeconds * 1_000, logger });
  const loginThrottle = createLoginThrottle({
    limits: {
      perAccountAddress: config.LOGIN_LIMIT_PER_ACCOUNT_ADDRESS,
      perAddress: config.LOGIN_LIMIT_PER_ADDRESS,
      perAccount: config.LOGIN_LIMIT_PER_ACCOUNT,
    },
    counter: loginCounter(config.LOGIN_LIMIT_WINDOW_SECONDS),
    accountCounter: loginCounter(config.LOGIN_ACCOUNT_LIMIT_WINDOW_SECONDS),
    knownAddresses: createRedisKnownAddresses(loginLimitRedis, {
      prefix: config.LOGIN_LIMIT_KEY_PREFIX,
      ttlSeconds: config.LOGIN_KNOWN_ADDRESS_TTL_SECONDS,
      logger,
    }),
  });

  const registerUser = createRegisterUser({ users, hashPassword: passwords.hash, now });
  const checkAccessToken = createCheckAccessToken({ verifier, users, refreshTokens });

  return {
    registerUser: (input) => inPasswordPlace(holdPasswordPlace, undefined, (place) => registerUser(input, place)),
    register: guardRegistration(registerUser, loginCounter(config.REGISTER_LIMIT_WINDOW_SECONDS), config.REGISTER_LIMIT_PER_IP, holdPasswordPlace),
    login: guardLogin(
      createLogin({
        users,
        refreshTokens,
        verifyPassword: passwords.verify,
        dummyPasswordHash,
        accessTokens,
        refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
        now,
      }),
      loginThrottle,
      holdPasswordPlace,
    ),
    refreshSession: createRefreshSession({
      inTransaction: transactional(pool, (client) => ({
        refreshTokens: createRefreshTokenRepository(client),
        users: createUserRepository(client),
      })),
      accessTokens,
      revocations,
      refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
      now,
    }),
    logout: createLogout({ refreshTokens, revocations, now }),
    getUser: createGetUser({ users }),
    setUserRole: createSetUserRole({ users, revocations, now }),
    getPublicKeys,
    issueServiceToken,
    getContact: createGetContact({ users }),
    rotateSigningKey,
    verifier,
    checkAccessToken,
    writes: createSharedWriteLimit({ verify: checkAccessToken, redis: loginLimitRedis, settings: config, logger }),
    close,
  };
}
