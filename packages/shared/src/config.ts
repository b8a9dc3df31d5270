import { z } from 'zod';

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
export function loadConfig<Shape extends z.ZodRawShape>(
  shape: Shape,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<z.infer<z.ZodObject<Shape>>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
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
 * existing queue with a RabbitMQ policy.
 */
export const consumerConfigShape = {
  AMQP_DELIVERY_LIMIT: env.int(1, 1_000).default(20),
  RETRY_BASE_MS: env.int(1, 600_000).default(1_000),
  RETRY_MAX_MS: env.int(1, 3_600_000).default(60_000),
};

/** Variables every service reads. */
export const commonConfigShape = {
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  SHUTDOWN_TIMEOUT_MS: env.int(100, 120_000).default(10_000),
};

/**
 * Variables of every service with a gRPC server. GRPC_MAX_IN_FLIGHT bounds the calls one process
 * works on at once: the next one is refused at once (503 OVERLOADED at the gateway) instead of
 * waiting behind work that would finish after its caller's deadline. Size it from throughput: a
 * process serving N calls/s with callers waiting up to D s needs no more than about N x D / 2.
 */
export const grpcServerConfigShape = {
  GRPC_MAX_IN_FLIGHT: env.int(1, 100_000).default(1_000),
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
