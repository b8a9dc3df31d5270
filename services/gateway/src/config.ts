import { commonConfigShape, env, loadConfig, metricsConfigShape, refuseDevelopmentSecrets } from '@ticres/shared';
import { z } from 'zod';

/** `scheme://host[:port]` exactly, as a browser sends it in `Origin`. */
const isOrigin = (value: string): boolean => URL.canParse(value) && new URL(value).origin === value;

/** Every variable the gateway reads, with its default. */
export const gatewayConfigShape = {
  ...commonConfigShape,
  ...metricsConfigShape('gateway'),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_PORT: env.int(0, 65_535).default(8080),
  /** Trust X-Forwarded-For for the client IP (the per-address limits); only behind a proxy you run. */
  TRUST_PROXY: env.bool().default(false),
  AUTH_GRPC_URL: env.hostPort().default('127.0.0.1:50051'),
  CATALOG_GRPC_URL: env.hostPort().default('127.0.0.1:50052'),
  BOOKING_GRPC_URL: env.hostPort().default('127.0.0.1:50053'),
  PAYMENT_GRPC_URL: env.hostPort().default('127.0.0.1:50054'),
  /** Redis of the revocation record (auth writes it; the write and sign-up limits live in the services that own them). */
  REDIS_URL: env.url().default('redis://127.0.0.1:6379'),
  GRPC_DEADLINE_MS: env.int(50, 120_000).default(5_000),
  /**
   * Logins and sign-ups this gateway has in flight to auth; the next is answered 503 OVERLOADED at
   * once. Size: auth's PASSWORD_WORKERS + PASSWORD_QUEUE_LENGTH, times auth's replicas, divided by
   * the gateway's: more could only be refused by auth too (README, "Overload").
   */
  PASSWORD_CALLS_MAX_IN_FLIGHT: env.int(1, 100_000).default(66),
  BODY_LIMIT_BYTES: env.int(1_024, 10 * 1024 * 1024).default(65_536),
  /** Request line and headers together; larger is 431 HEADERS_TOO_LARGE (Node's default size). */
  HTTP_MAX_HEADER_BYTES: env.int(1_024, 1024 * 1024).default(16_384),
  /** A request must arrive whole within this; a slower one is 408 REQUEST_TIMEOUT (slowloris). */
  HTTP_REQUEST_TIMEOUT_MS: env.int(1_000, 600_000).default(30_000),
  /** Browser origins allowed to call the API (CORS), comma-separated; empty: CORS off. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
    )
    .pipe(z.array(z.string().refine(isOrigin, 'expected origins like https://app.example.com, comma-separated'))),
  /** Swagger UI at /docs and the document at /openapi.json; unset: on except in production. */
  DOCS_ENABLED: env.bool().optional(),
  /**
   * The gateway's entry in auth's SERVICE_SECRETS (`gateway=<this>`): with the token it buys, auth
   * believes the client address the gateway names on a login or a sign-up (auth's login and sign-up limits), and booking the one a hold names
   * (its anti-hoarding limits). No default on purpose.
   */
  GATEWAY_SERVICE_SECRET: z.string().min(16, 'needs at least 16 characters, the same as gateway=... in auth SERVICE_SECRETS'),
  /** How long public reads (event list and detail) are served from the gateway's memory; 0 turns it off. */
  PUBLIC_CACHE_TTL_MS: env.int(0, 60_000).default(1_000),
  PUBLIC_CACHE_MAX_ENTRIES: env.int(1, 1_000_000).default(1_000),
  /** auth's REVOCATION_KEY_PREFIX: where logouts and role changes are recorded. */
  REVOCATION_KEY_PREFIX: env.keyPrefix().default('ticres:revoked'),
  /**
   * How long a revocation answer is reused per (user, token version, session): the bound on how
   * long a logged-out or demoted token still works on ordinary routes. At most 1 s.
   */
  REVOCATION_CACHE_MS: env.int(0, 1_000).default(1_000),
  JWT_ISSUER: z.string().min(1).default('ticres-auth'),
  JWT_AUDIENCE: z.string().min(1).default('ticres'),
};

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

/** The gateway's validated, frozen configuration; the only reader of process.env. */
export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env) {
  const { DOCS_ENABLED, ...config } = loadConfig(gatewayConfigShape, source);
  refuseDevelopmentSecrets(config.NODE_ENV, [{ name: 'GATEWAY_SERVICE_SECRET', values: [config.GATEWAY_SERVICE_SECRET] }]);
  return Object.freeze({ ...config, DOCS_ENABLED: DOCS_ENABLED ?? config.NODE_ENV !== 'production' });
}
