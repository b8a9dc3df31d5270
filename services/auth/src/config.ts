import { commonConfigShape, env, exitOnConfigError, loadConfig } from '@ticres/shared';
import { z } from 'zod';
import { parseServiceSecrets } from './domain/service-secrets';

const DAY_SECONDS = 86_400;

/** Treats an empty variable as unset, as compose files and shells often pass `VAR=`. */
const optional = <Schema extends z.ZodType>(schema: Schema) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** Every variable the auth service reads, with its default. */
export const authConfigShape = {
  ...commonConfigShape,
  GRPC_BIND: env.hostPort().default('0.0.0.0:50051'),
  DATABASE_URL: env.url().default('postgres://ticres_auth:ticres_auth@127.0.0.1:5432/ticres'),
  /** When set, migrations first create the database, the role and the schema with it. */
  DATABASE_ADMIN_URL: optional(env.url()),
  MIGRATE_ON_START: env.bool().default(false),
  BCRYPT_COST: env.int(4, 15).default(12),
  ACCESS_TOKEN_TTL_SECONDS: env.int(10, DAY_SECONDS).default(900),
  REFRESH_TOKEN_TTL_SECONDS: env.int(60, 365 * DAY_SECONDS).default(30 * DAY_SECONDS),
  JWT_ISSUER: z.string().min(1).default('ticres-auth'),
  JWT_AUDIENCE: z.string().min(1).default('ticres'),
  SIGNING_KEY_ROTATION_SECONDS: env.int(60, 365 * DAY_SECONDS).default(7 * DAY_SECONDS),
  /** `notifier=<secret>,payment=<secret>`: who may trade a secret for a service token. Empty: nobody. */
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
  return loadConfig(authConfigShape, source);
}

/** For entry points: a bad environment prints the ConfigError message and exits 1. */
export const loadAuthConfigOrExit = (): AuthConfig => exitOnConfigError(() => loadAuthConfig());
