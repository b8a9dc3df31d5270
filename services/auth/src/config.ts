import { availableParallelism } from 'node:os';
import {
  commonConfigShape,
  ConfigError,
  env,
  exitOnConfigError,
  GATEWAY_SERVICE,
  grpcServerConfigShape,
  loadConfig,
  metricsConfigShape,
  refuseDevelopmentSecrets,
  writeLimitConfigShape,
} from '@ticres/shared';
import { z } from 'zod';
import { parseServiceSecrets } from './domain/service-secrets';

const DAY_SECONDS = 86_400;

/** Treats an empty variable as unset, as compose files and shells often pass `VAR=`. */
const optional = <Schema extends z.ZodType>(schema: Schema) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** Every variable the auth service reads, with its default. */
export const authConfigShape = {
  ...commonConfigShape,
  ...metricsConfigShape('auth'),
  ...grpcServerConfigShape,
  GRPC_BIND: env.hostPort().default('127.0.0.1:50051'),
  DATABASE_URL: env.url().default('postgres://ticres_auth:ticres_auth@127.0.0.1:5432/ticres'),
  /** When set, migrations first create the database, the role and the schema with it. */
  DATABASE_ADMIN_URL: optional(env.url()),
  MIGRATE_ON_START: env.bool().default(false),
  BCRYPT_COST: env.int(4, 15).default(12),
  /** Threads that hash and compare passwords, each one job at a time. */
  PASSWORD_WORKERS: env.int(1, 64).default(availableParallelism()),
  /**
   * Linux nice of those threads. Above 0, other work on the machine (browsing, holds) goes first
   * when CPU is short, at the price of slower and less predictable logins then.
   */
  PASSWORD_WORKER_NICE: env.int(0, 19).default(0),
  /** Password jobs (logins, sign-ups) that may wait for a thread; the next one is refused at once. */
  PASSWORD_QUEUE_LENGTH: env.int(0, 10_000).default(64),
  /** Longest a password job may wait for a thread, whatever the caller's deadline. */
  PASSWORD_MAX_WAIT_MS: env.int(0, 600_000).default(5_000),
  ACCESS_TOKEN_TTL_SECONDS: env.int(10, DAY_SECONDS).default(900),
  REFRESH_TOKEN_TTL_SECONDS: env.int(60, 365 * DAY_SECONDS).default(30 * DAY_SECONDS),
  JWT_ISSUER: z.string().min(1).default('ticres-auth'),
  JWT_AUDIENCE: z.string().min(1).default('ticres'),
  /** Redis of the revocation record (which every gateway reads), the login and sign-up limits and the write limit. */
  REDIS_URL: env.url().default('redis://127.0.0.1:6379'),
  /** Key prefix of the revocation record; the gateway's `REVOCATION_KEY_PREFIX` must be the same. */
  REVOCATION_KEY_PREFIX: env.keyPrefix().default('ticres:revoked'),
  SIGNING_KEY_ROTATION_SECONDS: env.int(60, 365 * DAY_SECONDS).default(7 * DAY_SECONDS),
  /** Failed logins per (account, client address) per LOGIN_LIMIT_WINDOW_SECONDS: the limit everybody meets. */
  LOGIN_LIMIT_PER_ACCOUNT_ADDRESS: env.int(1).default(5),
  /** Failed logins per client address (IPv6: per /64) per LOGIN_LIMIT_WINDOW_SECONDS, over every account it has not logged in to before. */
  LOGIN_LIMIT_PER_ADDRESS: env.int(1).default(20),
  LOGIN_LIMIT_WINDOW_SECONDS: env.int(1, DAY_SECONDS).default(60),
  /** Failed logins per account per LOGIN_ACCOUNT_LIMIT_WINDOW_SECONDS, from addresses it has not logged in from before. */
  LOGIN_LIMIT_PER_ACCOUNT: env.int(1).default(20),
  LOGIN_ACCOUNT_LIMIT_WINDOW_SECONDS: env.int(1, DAY_SECONDS).default(900),
  /** How long an address an account logged in from stays known to it (each login renews it). */
  LOGIN_KNOWN_ADDRESS_TTL_SECONDS: env.int(60, 365 * DAY_SECONDS).default(90 * DAY_SECONDS),
  /** Sign-ups per client address (IPv6: per /64) per REGISTER_LIMIT_WINDOW_SECONDS (docs/security/anti-hoarding.md). */
  REGISTER_LIMIT_PER_IP: env.int(1).default(10),
  REGISTER_LIMIT_WINDOW_SECONDS: env.int(1, DAY_SECONDS).default(3_600),
  /** Redis key prefix of the login and sign-up counters and known addresses, so stacks and test runs sharing a Redis never collide. */
  LOGIN_LIMIT_KEY_PREFIX: env.keyPrefix().default('ticres:login'),
  /** Role changes (SetUserRole) count against the per-person write limit, with every other service's writes. */
  ...writeLimitConfigShape,
  /** `notifier=<secret>,payment=<secret>,gateway=<secret>`: who may trade a secret for a service token. Empty: nobody. */
  SERVICE_SECRETS: z
    .string()
    .default('')
    .transform((value, context) => {
      const parsed = parseServiceSecrets(value);
      if (parsed.ok) return parsed.secrets;
      for (const problem of parsed.problems) context.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }),
};

export type AuthConfig = ReturnType<typeof loadAuthConfig>;

/** Parses and validates the environment; throws ConfigError naming each bad variable. */
export function loadAuthConfig(source: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(authConfigShape, source);
  // In production the gateway needs a token (without it every login would count as coming from the
  // gateway's own address), so a list without it is missing a secret.
  refuseDevelopmentSecrets(config.NODE_ENV, [
    { name: 'SERVICE_SECRETS', values: [...config.SERVICE_SECRETS.values()] },
    { name: `SERVICE_SECRETS (${GATEWAY_SERVICE}=...)`, values: [config.SERVICE_SECRETS.get(GATEWAY_SERVICE)] },
  ]);
  const passwordCalls = config.PASSWORD_WORKERS + config.PASSWORD_QUEUE_LENGTH;
  // Logins and sign-ups are bounded by their own queue; the per-process bound must leave room
  // beyond it, or a login storm would refuse token refreshes and key reads too.
  if (config.GRPC_MAX_IN_FLIGHT <= passwordCalls) {
    throw new ConfigError([
      `GRPC_MAX_IN_FLIGHT: must be more than PASSWORD_WORKERS + PASSWORD_QUEUE_LENGTH (${passwordCalls}), so other calls still fit during a login storm`,
    ]);
  }
  return config;
}

/** For entry points: a bad environment prints the ConfigError message and exits 1. */
export const loadAuthConfigOrExit = (): AuthConfig => exitOnConfigError(() => loadAuthConfig());
