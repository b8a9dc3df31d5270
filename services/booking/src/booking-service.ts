import { SERVICE_NAMES, type BookingProto } from '@ticres/proto';
import {
  brokerProbe,
  openWriteLimit,
  databaseProbe,
  serveGrpcService,
  grpcTransport,
  connectTokenVerifier,
  createBroker,
  createMetricsRegistry,
  createPool,
  loadProto,
  observePool,
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
import { composeBooking } from './compose';
import type { BookingConfig } from './config';
import { BOOKING_SCHEMA, migrateBookingDatabase } from './db/migrations';
import { createBookingHandlers } from './grpc/booking.handlers';

export const BOOKING_SERVICE_NAME = SERVICE_NAMES.booking;

export interface RunningBookingService {
  port: number;
  /**
   * Newest first: health NOT_SERVING, wait SHUTDOWN_DRAIN_MS, finish the calls in flight, then
   * housekeeping, the sweeper, the consumer, the relay, the broker, the write limit, the auth client and the pool.
   */
  shutdownSteps: ShutdownStep[];
  /** Runs the shutdown steps once; later calls wait for the first. */
  stop(): Promise<void>;
  /** Its metrics, which main.ts serves on METRICS_PORT. */
  metrics: MetricsRegistry;
}

export interface StartOptions {
  logger: Logger;
}

/**
 * Starts the service on GRPC_BIND (port 0 picks a free one): migrates when asked, relays the
 * outbox, consumes catalog's events, sweeps expired holds and serves. Listens for no signal and
 * never exits the process: main.ts does that. If a step fails, what had started is stopped again.
 */
export async function startBookingService(config: BookingConfig, { logger }: StartOptions): Promise<RunningBookingService> {
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    schema: BOOKING_SCHEMA,
    applicationName: 'ticres-booking',
    max: config.DB_POOL_SIZE,
  });
  const parts = trackOpenedParts(logger);
  parts.add({ name: 'pool', run: () => pool.end() });

  try {
    return await startOnPool(pool, config, logger, parts);
  } catch (error) {
    await parts.close();
    throw error;
  }
}

async function startOnPool(pool: Pool, config: BookingConfig, logger: Logger, parts: OpenedParts): Promise<RunningBookingService> {
  if (config.MIGRATE_ON_START) {
    const applied = await migrateBookingDatabase(pool, { databaseUrl: config.DATABASE_URL, adminUrl: config.DATABASE_ADMIN_URL });
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

  const metrics = createMetricsRegistry('booking');
  observePool(metrics, pool);
  const booking = composeBooking(pool, config, { logger, metrics });

  const broker = createBroker({ url: config.AMQP_URL, exchange: config.AMQP_EXCHANGE, logger });
  parts.add({ name: 'broker', run: () => broker.close() });
  const relay = startOutboxRelay({ pool, schema: BOOKING_SCHEMA, broker, logger, pollIntervalMs: config.OUTBOX_POLL_MS, metrics });
  parts.add({ name: 'outbox-relay', run: () => relay.stop() });
  const consumer = await startInboxConsumer({
    broker,
    pool,
    queue: config.AMQP_QUEUE,
    handlers: booking.eventHandlers,
    publishers: config.AMQP_PUBLISHER_USERS,
    logger,
    deliveryLimit: config.AMQP_DELIVERY_LIMIT,
    retryBaseMs: config.RETRY_BASE_MS,
    retryMaxMs: config.RETRY_MAX_MS,
    metrics,
  });
  parts.add({ name: 'consumer', run: () => consumer.stop() });

  const sweeper = startPeriodicTask({
    name: 'hold expiry sweep',
    run: async () => {
      const expired = await booking.expireOverdueHolds();
      if (expired > 0) logger.info({ expired }, 'overdue holds expired');
      await booking.purgeIdempotencyKeys();
    },
    intervalMs: config.SWEEP_INTERVAL_MS,
    logger,
  });
  parts.add({ name: 'sweeper', run: () => sweeper.stop() });
  const housekeeping = startHousekeeping({ pool, logger, settings: config });
  parts.add({ name: 'housekeeping', run: () => housekeeping.stop() });

  const proto = loadProto<BookingProto>('booking');
  const server = await serveGrpcService(
    {
      name: BOOKING_SERVICE_NAME,
      definition: proto.ticres.booking.v1.BookingService.service,
      implementation: createBookingHandlers({ logger, verifier, writes: writeLimit.writes, ...booking }),
    },
    parts,
    {
      probes: [databaseProbe(config.DATABASE_URL, { applicationName: 'ticres-booking-health' }), brokerProbe(broker)],
      settings: config,
      credentials: transport.server,
      metrics,
      logger,
    },
  );
  return { port: server.port, shutdownSteps: parts.shutdownSteps(), stop: () => parts.close(), metrics };
}
