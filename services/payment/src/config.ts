import {
  commonConfigShape,
  ConfigError,
  consumerConfigShape,
  env,
  exitOnConfigError,
  grpcServerConfigShape,
  housekeepingConfigShape,
  inboxRetentionConfigShape,
  loadConfig,
  metricsConfigShape,
  outboxRetentionConfigShape,
  refuseDevelopmentSecrets,
  refuseShortInboxRetention,
  writeLimitConfigShape,
} from '@ticres/shared';
import { z } from 'zod';

const DAY_SECONDS = 86_400;

/** Treats an empty variable as unset, as compose files and shells often pass `VAR=`. */
const optional = <Schema extends z.ZodType>(schema: Schema) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** Every variable the payment service reads, with its default. */
export const paymentConfigShape = {
  ...commonConfigShape,
  ...metricsConfigShape('payment'),
  ...grpcServerConfigShape,
  GRPC_BIND: env.hostPort().default('127.0.0.1:50054'),
  DATABASE_URL: env.url().default('postgres://ticres_payment:ticres_payment@127.0.0.1:5432/ticres'),
  /** When set, migrations first create the database, the role and the schema with it. */
  DATABASE_ADMIN_URL: optional(env.url()),
  MIGRATE_ON_START: env.bool().default(false),
  DB_POOL_SIZE: env.int(2, 500).default(20),
  AUTH_GRPC_URL: env.hostPort().default('127.0.0.1:50051'),
  BOOKING_GRPC_URL: env.hostPort().default('127.0.0.1:50053'),
  /** Payment's entry in auth's SERVICE_SECRETS (`payment=<this>`): it claims bookings as itself. No default on purpose. */
  PAYMENT_SERVICE_SECRET: z.string().min(16, 'needs at least 16 characters, the same as payment=... in auth SERVICE_SECRETS'),
  GRPC_DEADLINE_MS: env.int(100, 120_000).default(5_000),
  /** Redis of the per-person write limit (payments, refund retries); without it the limit counts per process. */
  REDIS_URL: env.url().default('redis://127.0.0.1:6379'),
  ...writeLimitConfigShape,
  JWT_ISSUER: z.string().min(1).default('ticres-auth'),
  JWT_AUDIENCE: z.string().min(1).default('ticres'),
  /** Its own broker user (see docs/security/broker.md); the password is for local development only. */
  AMQP_URL: env.url().default('amqp://ticres-payment:ticres-payment@127.0.0.1:5672'),
  AMQP_EXCHANGE: z.string().min(1).default('ticres.events'),
  AMQP_QUEUE: z.string().min(1).default('payment'),
  ...consumerConfigShape,
  ...housekeepingConfigShape,
  ...outboxRetentionConfigShape,
  ...inboxRetentionConfigShape,
  OUTBOX_POLL_MS: env.int(10, 600_000).default(1_000),
  PROVIDER_LATENCY_MS: env.int(0, 60_000).default(50),
  PROVIDER_TIMEOUT_MS: env.int(10, 120_000).default(3_000),
  /** The simulated provider's ledger file: captures and refunds survive a restart of the service. */
  PROVIDER_LEDGER_FILE: optional(z.string().min(1)),
  REFUND_RETRY_MS: env.int(50, 3_600_000).default(5_000),
  /** Failed provider calls after which a refund turns FAILED and waits for an admin's retry. */
  REFUND_MAX_ATTEMPTS: env.int(1, 100_000).default(20),
  /** How often the reconciler looks for PENDING transactions whose attempt died. */
  RECONCILE_INTERVAL_MS: env.int(50, 3_600_000).default(5_000),
  /** How long a PENDING transaction is left to its own attempt before the reconciler settles it. */
  RECONCILE_AFTER_MS: env.int(100, 86_400_000).default(30_000),
  IDEMPOTENCY_TTL_SECONDS: env.int(60, 30 * DAY_SECONDS).default(DAY_SECONDS),
};

export type PaymentConfig = ReturnType<typeof loadPaymentConfig>;

/** Parses and validates the environment; throws ConfigError naming each bad variable. */
export function loadPaymentConfig(source: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(paymentConfigShape, source);
  const problems = [...settingsThatCannotWorkTogether(config)];
  if (problems.length > 0) throw new ConfigError(problems);
  refuseShortInboxRetention(config);
  refuseDevelopmentSecrets(config.NODE_ENV, [{ name: 'PAYMENT_SERVICE_SECRET', values: [config.PAYMENT_SERVICE_SECRET] }]);
  return config;
}

type Timings = Record<'PROVIDER_TIMEOUT_MS' | 'GRPC_DEADLINE_MS' | 'RECONCILE_AFTER_MS', number>;

/**
 * Settings that are each valid but fail together. A charge must end within the deadline its Pay
 * call is given (the gateway's GRPC_DEADLINE_MS, which must be at least payment's), or the client
 * is told 503 while the charge goes through; and the reconciler must not settle an attempt that
 * is still running (a claim call and a charge are the longest one runs).
 */
function* settingsThatCannotWorkTogether(config: Timings): Generator<string> {
  const { PROVIDER_TIMEOUT_MS, GRPC_DEADLINE_MS, RECONCILE_AFTER_MS } = config;
  if (PROVIDER_TIMEOUT_MS >= GRPC_DEADLINE_MS) {
    yield `PROVIDER_TIMEOUT_MS (${PROVIDER_TIMEOUT_MS}) must be below GRPC_DEADLINE_MS (${GRPC_DEADLINE_MS}): a charge must end within a call's deadline, or the client is told 503 while the charge goes through (the gateway's GRPC_DEADLINE_MS must be at least payment's)`;
  }
  if (RECONCILE_AFTER_MS <= GRPC_DEADLINE_MS + PROVIDER_TIMEOUT_MS) {
    yield `RECONCILE_AFTER_MS (${RECONCILE_AFTER_MS}) must exceed GRPC_DEADLINE_MS + PROVIDER_TIMEOUT_MS (${GRPC_DEADLINE_MS + PROVIDER_TIMEOUT_MS}): the reconciler must never settle an attempt that is still running`;
  }
}

/** For entry points: a bad environment prints the ConfigError message and exits 1. */
export const loadPaymentConfigOrExit = (): PaymentConfig => exitOnConfigError(() => loadPaymentConfig());
