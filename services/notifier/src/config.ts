import {
  commonConfigShape,
  consumerConfigShape,
  dependencyHealthConfigShape,
  env,
  exitOnConfigError,
  housekeepingConfigShape,
  inboxRetentionConfigShape,
  loadConfig,
  metricsConfigShape,
  notificationRetentionConfigShape,
  refuseDevelopmentSecrets,
  refuseShortInboxRetention,
} from '@ticres/shared';
import { z } from 'zod';

/** Treats an empty variable as unset, as compose files and shells often pass `VAR=`. */
const optional = <Schema extends z.ZodType>(schema: Schema) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const timeZone = () =>
  z.string().refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'expected an IANA time zone such as UTC or Asia/Jakarta');

/** Every variable the notifier reads, with its default. */
export const notifierConfigShape = {
  ...commonConfigShape,
  ...metricsConfigShape('notifier'),
  DATABASE_URL: env.url().default('postgres://ticres_notifier:ticres_notifier@127.0.0.1:5432/ticres'),
  /** When set, migrations first create the database, the role and the schema with it. */
  DATABASE_ADMIN_URL: optional(env.url()),
  MIGRATE_ON_START: env.bool().default(false),
  DB_POOL_SIZE: env.int(2, 500).default(10),
  AUTH_GRPC_URL: env.hostPort().default('127.0.0.1:50051'),
  GRPC_DEADLINE_MS: env.int(100, 120_000).default(5_000),
  /** The notifier's entry in auth's SERVICE_SECRETS (`notifier=<this>`); no default on purpose. */
  NOTIFIER_SERVICE_SECRET: z.string().min(16, 'needs at least 16 characters, the same as notifier=... in auth SERVICE_SECRETS'),
  /** How long a looked-up address is reused; 0 asks auth for every mail. */
  CONTACT_CACHE_SECONDS: env.int(0, 3_600).default(60),
  /** Its own broker user (see docs/security/broker.md); the password is for local development only. */
  AMQP_URL: env.url().default('amqp://ticres-notifier:ticres-notifier@127.0.0.1:5672'),
  AMQP_EXCHANGE: z.string().min(1).default('ticres.events'),
  AMQP_QUEUE: z.string().min(1).default('notifier'),
  /** Messages handled at once; each holds a pool connection while its mail is sent. */
  AMQP_PREFETCH: env.int(1, 500).default(8),
  ...consumerConfigShape,
  ...housekeepingConfigShape,
  ...inboxRetentionConfigShape,
  ...notificationRetentionConfigShape,
  ...dependencyHealthConfigShape,
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: env.int(1, 65_535).default(1025),
  SMTP_SECURE: env.bool().default(false),
  SMTP_USER: optional(z.string().min(1)),
  SMTP_PASSWORD: optional(z.string().min(1)),
  /** Connection, greeting and socket timeout of each SMTP conversation. */
  SMTP_TIMEOUT_MS: env.int(100, 120_000).default(10_000),
  MAIL_FROM: z.string().min(3).default('TicRes <tickets@ticres.example.com>'),
  /** Zone the times in a mail are written in. */
  MAIL_TIME_ZONE: timeZone().default('UTC'),
  NOTIFIER_HTTP_PORT: env.int(0, 65_535).default(8085),
  NOTIFIER_HTTP_HOST: z.string().min(1).default('0.0.0.0'),
};

export type NotifierConfig = ReturnType<typeof loadNotifierConfig>;

/** Parses and validates the environment; throws ConfigError naming each bad variable. */
export function loadNotifierConfig(source: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(notifierConfigShape, source);
  refuseShortInboxRetention(config);
  refuseDevelopmentSecrets(config.NODE_ENV, [{ name: 'NOTIFIER_SERVICE_SECRET', values: [config.NOTIFIER_SERVICE_SECRET] }]);
  return config;
}

/** For entry points: a bad environment prints the ConfigError message and exits 1. */
export const loadNotifierConfigOrExit = (): NotifierConfig => exitOnConfigError(() => loadNotifierConfig());
