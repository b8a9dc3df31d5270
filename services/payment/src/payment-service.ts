import { SERVICE_NAMES, type AuthProto, type BookingProto, type PaymentProto } from '@ticres/proto';
import {
  brokerProbe,
  databaseProbe,
  serveGrpcService,
  grpcTransport,
  authServiceTokenSource,
  connectTokenVerifier,
  createBroker,
  createGrpcClient,
  createMetricsRegistry,
  createPool,
  loadProto,
  observePool,
  openWriteLimit,
  PAYMENT_SERVICE,
  startInboxConsumer,
  startHousekeeping,
  startOutboxRelay,
  startPeriodicTask,
  trackOpenedParts,
  type Logger,
  type MetricsRegistry,
  type OpenedParts,
  type Pool,
  type ShutdownStep,
} from '@ticres/shared';
import { composePayment } from './compose';
import type { PaymentConfig } from './config';
import { migratePaymentDatabase, PAYMENT_SCHEMA } from './db/migrations';
import { createBookingClaims } from './grpc/booking-claims';
import { observeRefunds } from './metrics/payment-metrics';
import { createPaymentHandlers } from './grpc/payment.handlers';
import { createSimulatedProvider } from './provider/simulated-provider';
import type { PaymentProvider } from './usecases/payment-provider';

export const PAYMENT_SERVICE_NAME = SERVICE_NAMES.payment;

export interface RunningPaymentService {
  port: number;
  /**
   * Newest first: health NOT_SERVING, wait SHUTDOWN_DRAIN_MS, finish the calls in flight, then the
   * reconciler, the refund runner, the consumer, the relay, the broker, the clients of auth and
   * booking and the write limit's Redis (newest first), and the pool.
   */
  shutdownSteps: ShutdownStep[];
  /** Runs the shutdown steps once; later calls wait for the first. */
  stop(): Promise<void>;
  /** Its metrics, which main.ts serves on METRICS_PORT. */
  metrics: MetricsRegistry;
}

export interface StartOptions {
  logger: Logger;
  /** Where money moves; the simulated provider (PROVIDER_LATENCY_MS) when not given. */
  provider?: PaymentProvider;
}

/**
 * Starts the service on GRPC_BIND (port 0 picks a free one): migrates when asked, relays the
 * outbox, consumes booking's rejections and catalog's cancellations, runs the refund runner and
 * the reconciler, and serves. Listens for no signal and never exits the process: main.ts does
 * that. If a step fails, what had started is stopped again.
 */
export async function startPaymentService(config: PaymentConfig, { logger, provider }: StartOptions): Promise<RunningPaymentService> {
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    schema: PAYMENT_SCHEMA,
    applicationName: 'ticres-payment',
    max: config.DB_POOL_SIZE,
  });
  const parts = trackOpenedParts(logger);
  parts.add({ name: 'pool', run: () => pool.end() });

  try {
    return await startOnPool(
      pool,
      config,
      logger,
      provider ?? createSimulatedProvider({ latencyMs: config.PROVIDER_LATENCY_MS, ledgerFile: config.PROVIDER_LEDGER_FILE }),
      parts,
    );
  } catch (error) {
    await parts.close();
    throw error;
  }
}

async function startOnPool(
  pool: Pool,
  config: PaymentConfig,
  logger: Logger,
  provider: PaymentProvider,
  parts: OpenedParts,
): Promise<RunningPaymentService> {
  if (config.MIGRATE_ON_START) {
    const applied = await migratePaymentDatabase(pool, { databaseUrl: config.DATABASE_URL, adminUrl: config.DATABASE_ADMIN_URL });
    logger.info({ applied }, 'migrations applied');
  }

  const transport = grpcTransport(config);
  const { verifier, close: closeAuth } = connectTokenVerifier({
    authUrl: config.AUTH_GRPC_URL,
    deadlineMs: config.GRPC_DEADLINE_MS,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    credentials: transport.channel,
  });
  parts.add({ name: 'auth-client', run: closeAuth });
  const writeLimit = openWriteLimit({ verify: (token) => verifier.verify(token), settings: config, logger });
  parts.add({ name: 'write-limit', run: writeLimit.close });
  const booking = createGrpcClient(
    loadProto<BookingProto>('booking').ticres.booking.v1.BookingService,
    config.BOOKING_GRPC_URL,
    config.GRPC_DEADLINE_MS,
    transport.channel,
  );
  parts.add({ name: 'booking-client', run: () => booking.close() });
  const auth = createGrpcClient(loadProto<AuthProto>('auth').ticres.auth.v1.AuthService, config.AUTH_GRPC_URL, config.GRPC_DEADLINE_MS, transport.channel);
  parts.add({ name: 'auth-service-token-client', run: () => auth.close() });
  // Booking's claim RPCs accept payment's own token only, never a person's.
  const tokens = authServiceTokenSource(auth, { service: PAYMENT_SERVICE, secret: config.PAYMENT_SERVICE_SECRET });

  const metrics = createMetricsRegistry('payment');
  observePool(metrics, pool);
  observeRefunds(metrics, pool);
  const payment = composePayment(pool, config, { logger, provider, bookings: createBookingClaims(booking, tokens), metrics });

  const broker = createBroker({ url: config.AMQP_URL, exchange: config.AMQP_EXCHANGE, logger });
  parts.add({ name: 'broker', run: () => broker.close() });
  const relay = startOutboxRelay({ pool, schema: PAYMENT_SCHEMA, broker, logger, pollIntervalMs: config.OUTBOX_POLL_MS, metrics });
  parts.add({ name: 'outbox-relay', run: () => relay.stop() });
  const consumer = await startInboxConsumer({
    broker,
    pool,
    queue: config.AMQP_QUEUE,
    handlers: payment.eventHandlers,
    publishers: config.AMQP_PUBLISHER_USERS,
    logger,
    deliveryLimit: config.AMQP_DELIVERY_LIMIT,
    retryBaseMs: config.RETRY_BASE_MS,
    retryMaxMs: config.RETRY_MAX_MS,
    metrics,
  });
  parts.add({ name: 'consumer', run: () => consumer.stop() });

  const refundRunner = startPeriodicTask({
    name: 'refund runner',
    intervalMs: config.REFUND_RETRY_MS,
    logger,
    run: async () => {
      const run = await payment.processRefunds.pending();
      if (run.completed + run.failed + run.gaveUp > 0) logger.info(run, 'refund run');
      await payment.purgeIdempotencyKeys();
    },
  });
  parts.add({ name: 'refund-runner', run: () => refundRunner.stop() });
  const reconciler = startPeriodicTask({
    name: 'reconciler',
    intervalMs: config.RECONCILE_INTERVAL_MS,
    logger,
    run: async () => {
      const run = await payment.reconcileCharges.pending();
      if (Object.values(run).some((count) => count > 0)) logger.info(run, 'reconciler run');
    },
  });
  parts.add({ name: 'reconciler', run: () => reconciler.stop() });
  const housekeeping = startHousekeeping({ pool, logger, settings: config });
  parts.add({ name: 'housekeeping', run: () => housekeeping.stop() });

  const proto = loadProto<PaymentProto>('payment');
  const server = await serveGrpcService(
    {
      name: PAYMENT_SERVICE_NAME,
      definition: proto.ticres.payment.v1.PaymentService.service,
      implementation: createPaymentHandlers({ logger, verifier, writes: writeLimit.writes, ...payment }),
    },
    parts,
    {
      probes: [databaseProbe(config.DATABASE_URL, { applicationName: 'ticres-payment-health' }), brokerProbe(broker)],
      settings: config,
      credentials: transport.server,
      metrics,
      logger,
    },
  );
  return { port: server.port, shutdownSteps: parts.shutdownSteps(), stop: () => parts.close(), metrics };
}
