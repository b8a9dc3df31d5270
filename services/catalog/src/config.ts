import {
  commonConfigShape,
  env,
  exitOnConfigError,
  grpcServerConfigShape,
  housekeepingConfigShape,
  loadConfig,
  metricsConfigShape,
  outboxRetentionConfigShape,
  writeLimitConfigShape,
} from '@ticres/shared';
import { z } from 'zod';
import { CURRENCY_MESSAGE, isCurrencyCode } from '@ticres/shared/limits';

/** Treats an empty variable as unset, as compose files and shells often pass `VAR=`. */
const optional = <Schema extends z.ZodType>(schema: Schema) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** Every variable the catalog service reads, with its default. */
export const catalogConfigShape = {
  ...commonConfigShape,
  ...metricsConfigShape('catalog'),
  ...grpcServerConfigShape,
  GRPC_BIND: env.hostPort().default('127.0.0.1:50052'),
  DATABASE_URL: env.url().default('postgres://ticres_catalog:ticres_catalog@127.0.0.1:5432/ticres'),
  /** When set, migrations first create the database, the role and the schema with it. */
  DATABASE_ADMIN_URL: optional(env.url()),
  MIGRATE_ON_START: env.bool().default(false),
  /** Where the public keys that verify callers' tokens come from. */
  AUTH_GRPC_URL: env.hostPort().default('127.0.0.1:50051'),
  GRPC_DEADLINE_MS: env.int(100, 60_000).default(5_000),
  JWT_ISSUER: z.string().min(1).default('ticres-auth'),
  JWT_AUDIENCE: z.string().min(1).default('ticres'),
  /** Redis of the event cache and of the per-person write limit (event creates, updates and cancels). */
  REDIS_URL: env.url().default('redis://127.0.0.1:6379'),
  ...writeLimitConfigShape,
  CACHE_TTL_SECONDS: env.int(1, 86_400).default(600),
  CACHE_KEY_PREFIX: z.string().min(1).default('ticres:catalog'),
  /** A Redis command slower than this counts as Redis down: the read goes to Postgres. */
  CACHE_TIMEOUT_MS: env.int(1, 10_000).default(100),
  /**
   * How often each replica looks for a cache invalidation another replica could not make (Redis out
   * of its reach) and makes it: the bound on how long a replica serves entries older than such a write.
   */
  CACHE_REPAIR_INTERVAL_MS: env.int(100, 600_000).default(1_000),
  /** Its own broker user (see docs/security/broker.md); the password is for local development only. */
  AMQP_URL: env.url().default('amqp://ticres-catalog:ticres-catalog@127.0.0.1:5672'),
  AMQP_EXCHANGE: z.string().min(1).default('ticres.events'),
  /** Currency of an event created without one. */
  DEFAULT_CURRENCY: z.string().refine(isCurrencyCode, CURRENCY_MESSAGE).default('IDR'),
  /** The outbox relay's polling fallback; LISTEN/NOTIFY wakes it sooner. */
  OUTBOX_POLL_MS: env.int(10, 60_000).default(1_000),
  ...housekeepingConfigShape,
  ...outboxRetentionConfigShape,
};

export type CatalogConfig = ReturnType<typeof loadCatalogConfig>;

/** Parses and validates the environment; throws ConfigError naming each bad variable. */
export function loadCatalogConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(catalogConfigShape, source);
}

/** For entry points: a bad environment prints the ConfigError message and exits 1. */
export const loadCatalogConfigOrExit = (): CatalogConfig => exitOnConfigError(() => loadCatalogConfig());
