import { telemetry } from './instrumentation';
import { SERVICE_NAMES } from '@ticres/proto';
import {
  authServiceTokenSource,
  closeRedis,
  ConfigError,
  createFailFastRedis,
  GATEWAY_SERVICE,
  createGrpcHealthClient,
  createLogger,
  createMetricsRegistry,
  createTokenVerifier,
  drainStep,
  grpcTransport,
  handleShutdown,
  startMetricsServer,
} from '@ticres/shared';
import { buildApp } from './app';
import { createAuthClient } from './auth-client';
import { createBookingClient } from './booking-client';
import { createCatalogClient } from './catalog-client';
import { loadGatewayConfig } from './config';
import { grpcServiceCheck, redisCheck } from './health/readiness';
import { createRevocationCheck } from './http/revocation-check';
import { createPaymentClient } from './payment-client';

/** Health checks answer fast or count as down; a probe must not hang on a slow dependency. */
const HEALTH_DEADLINE_MS = 1_000;

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createLogger({
    service: 'gateway',
    level: config.LOG_LEVEL,
    pretty: config.NODE_ENV === 'development',
    // Fastify binds request_id to each request's logger.
    requestIdFromContext: false,
  });

  const redis = createFailFastRedis(config.REDIS_URL, logger);
  const healthDeadlineMs = Math.min(HEALTH_DEADLINE_MS, config.GRPC_DEADLINE_MS);
  const { channel } = grpcTransport(config);
  const auth = createAuthClient(config.AUTH_GRPC_URL, config.GRPC_DEADLINE_MS, channel);
  const authHealth = createGrpcHealthClient(config.AUTH_GRPC_URL, healthDeadlineMs, channel);
  const catalog = createCatalogClient(config.CATALOG_GRPC_URL, config.GRPC_DEADLINE_MS, channel);
  const catalogHealth = createGrpcHealthClient(config.CATALOG_GRPC_URL, healthDeadlineMs, channel);
  const booking = createBookingClient(config.BOOKING_GRPC_URL, config.GRPC_DEADLINE_MS, channel);
  const bookingHealth = createGrpcHealthClient(config.BOOKING_GRPC_URL, healthDeadlineMs, channel);
  const payment = createPaymentClient(config.PAYMENT_GRPC_URL, config.GRPC_DEADLINE_MS, channel);
  const paymentHealth = createGrpcHealthClient(config.PAYMENT_GRPC_URL, healthDeadlineMs, channel);
  const verifier = createTokenVerifier({
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    algorithm: 'EdDSA',
    loadKeys: async () => (await auth.call.GetPublicKeys({})).keys,
  });
  const gatewayIdentity = authServiceTokenSource(auth, { service: GATEWAY_SERVICE, secret: config.GATEWAY_SERVICE_SECRET });

  const metrics = createMetricsRegistry('gateway');
  let shuttingDown = false;
  const app = await buildApp({
    config,
    logger,
    auth: auth.call,
    gatewayToken: () => gatewayIdentity.token(),
    catalog: catalog.call,
    booking: booking.call,
    payment: payment.call,
    verifier,
    isRevoked: createRevocationCheck({
      redis,
      prefix: config.REVOCATION_KEY_PREFIX,
      cacheMs: config.REVOCATION_CACHE_MS,
      logger,
    }),
    readiness: {
      checks: [
        redisCheck(redis),
        grpcServiceCheck('auth', authHealth, SERVICE_NAMES.auth),
        grpcServiceCheck('catalog', catalogHealth, SERVICE_NAMES.catalog),
        grpcServiceCheck('booking', bookingHealth, SERVICE_NAMES.booking),
        grpcServiceCheck('payment', paymentHealth, SERVICE_NAMES.payment),
      ],
      isShuttingDown: () => shuttingDown,
    },
    metrics,
  });
  const metricsServer = await startMetricsServer({ host: config.METRICS_BIND, port: config.METRICS_PORT, registry: metrics, logger });

  handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, [
    {
      name: 'readiness',
      run: () => {
        shuttingDown = true;
      },
    },
    // Load balancers see /readyz fail and stop sending; what they send meanwhile is still served.
    drainStep(config.SHUTDOWN_DRAIN_MS),
    // Stops accepting connections and resolves once in-flight requests have been answered.
    { name: 'http', run: () => app.close() },
    {
      name: 'grpc clients',
      run: () => {
        const clients = [auth, authHealth, catalog, catalogHealth, booking, bookingHealth, payment, paymentHealth];
        for (const client of clients) client.close();
      },
    },
    {
      name: 'redis',
      run: () => closeRedis(redis),
    },
    // Last, so a scrape still sees the drain.
    { name: 'metrics', run: () => metricsServer.close() },
    { name: 'telemetry', run: () => telemetry.shutdown() },
  ]);

  await app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
}

main().catch((error: unknown) => {
  // A bad environment is reported by name, without a stack; anything else with its stack.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
