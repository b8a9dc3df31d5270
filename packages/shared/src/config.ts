import { z } from 'zod';
import { DEFAULT_PUBLISHER_USERS, parsePublisherUsers, type PublisherUsers } from './messaging/event-publishers';

/** A start-up failure caused by the environment; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment with a zod shape whose keys are the variable names.
 * Returns a frozen, typed object; throws ConfigError naming each missing or malformed variable.
 */
export function loadConfig<Shape extends z.ZodRawShape>(shape: Shape, env: NodeJS.ProcessEnv = process.env): Readonly<z.infer<z.ZodObject<Shape>>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  const { SHUTDOWN_DRAIN_MS: drainMs, SHUTDOWN_TIMEOUT_MS: timeoutMs } = result.data as { SHUTDOWN_DRAIN_MS?: number; SHUTDOWN_TIMEOUT_MS?: number };
  if (drainMs !== undefined && timeoutMs !== undefined && drainMs >= timeoutMs) {
    throw new ConfigError([`SHUTDOWN_DRAIN_MS: must be below SHUTDOWN_TIMEOUT_MS (${timeoutMs}), which bounds the whole shutdown`]);
  }
  return Object.freeze(result.data);
}

/** Reusable variable parsers; `.default()` them at the call site. */
export const env = {
  int: (min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max),
  bool: () => z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
  url: () => z.string().url(),
  hostPort: () => z.string().regex(/^[\w.-]+:\d{1,5}$/, 'expected host:port'),
  /** A Redis key prefix, so stacks and test runs sharing one Redis never collide. */
  keyPrefix: () => z.string().regex(/^[\w:.-]+$/, 'letters, digits, _ : . - only'),
  nodeEnv: () => z.enum(['development', 'production', 'test']).default('development'),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/**
 * Variables of every service that consumes events. A failing message is retried with backoff
 * for several minutes by default, so a database restart or a full pool delays it instead of
 * parking it. The delivery limit is only read when the queue is first declared: change an
 * existing queue with a RabbitMQ policy. AMQP_PUBLISHER_USERS names the broker user of each
 * publishing service (`catalog=...,booking=...,payment=...`): a message is applied only when the
 * broker-validated `user_id` is the user of its type's publisher.
 */
export const consumerConfigShape = {
  AMQP_PUBLISHER_USERS: z
    .string()
    .default(DEFAULT_PUBLISHER_USERS)
    .transform((text, context): PublisherUsers => {
      const users = parsePublisherUsers(text);
      if (typeof users === 'string') {
        context.addIssue({ code: 'custom', message: `${users} (expected ${DEFAULT_PUBLISHER_USERS})` });
        return z.NEVER;
      }
      return users;
    }),
  AMQP_DELIVERY_LIMIT: env.int(1, 1_000).default(20),
  RETRY_BASE_MS: env.int(1, 600_000).default(1_000),
  RETRY_MAX_MS: env.int(1, 3_600_000).default(60_000),
};

/**
 * Variables of every process that serves or calls gRPC. All three set: mutual TLS, every server
 * asks each caller for a certificate signed by the CA and every client presents its own. None set:
 * plaintext, for a single host or a private network (the default). docs/security/internal-rpcs.md
 * says how to make the certificates.
 */
export const grpcTlsConfigShape = {
  /** PEM file of the CA that signs every service's certificate. */
  GRPC_TLS_CA_FILE: z.string().min(1).optional(),
  /** PEM file of this service's certificate (server and client in one). */
  GRPC_TLS_CERT_FILE: z.string().min(1).optional(),
  /** PEM file of this service's private key. */
  GRPC_TLS_KEY_FILE: z.string().min(1).optional(),
};

/**
 * Variables every service reads (every one serves or calls gRPC). On SIGTERM a service fails its
 * readiness, waits SHUTDOWN_DRAIN_MS for load balancers to notice, then finishes its work in flight
 * and stops, all within SHUTDOWN_TIMEOUT_MS (so the drain must be shorter; checked at start).
 */
export const commonConfigShape = {
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  SHUTDOWN_TIMEOUT_MS: env.int(100, 120_000).default(10_000),
  SHUTDOWN_DRAIN_MS: env.int(0, 60_000).default(0),
  ...grpcTlsConfigShape,
};

/**
 * Variables of every service whose health depends on its database and broker: how often it checks
 * that it can reach them (its gRPC health or /readyz turns not serving while it cannot).
 */
export const dependencyHealthConfigShape = {
  HEALTH_CHECK_INTERVAL_MS: env.int(100, 60_000).default(2_000),
};

/**
 * Variables of every service with a gRPC server. GRPC_MAX_IN_FLIGHT bounds the calls one process
 * works on at once: the next one is refused at once (503 OVERLOADED at the gateway) instead of
 * waiting behind work that would finish after its caller's deadline. Size it from throughput: a
 * process serving N calls/s with callers waiting up to D s needs no more than about N x D / 2.
 */
export const grpcServerConfigShape = {
  GRPC_MAX_IN_FLIGHT: env.int(1, 100_000).default(1_000),
  ...dependencyHealthConfigShape,
};

/** For entry points: a bad environment prints the ConfigError's message (no stack) and exits 1. */
export function exitOnConfigError<Config>(load: () => Config): Config {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
