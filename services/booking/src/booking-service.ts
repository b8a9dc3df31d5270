import { SERVICE_NAMES, type BookingProto } from '@ticres/proto';
import {
  connectTokenVerifier,
  createBroker,
  createPool,
  loadProto,
  startGrpcServer,
  startInboxConsumer,
  startOutboxRelay,
  startPeriodicTask,
  unwindSteps,
  type Logger,
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
   * In order: health NOT_SERVING, drain gRPC, stop the consumer, the sweeper and the relay, close
   * the broker, the auth client and the pool.
   */
  shutdownSteps: ShutdownStep[];
  /** Runs the shutdown steps once; later calls wait for the first. */
  stop(): Promise<void>;
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
  // Filled as parts start; on a failed start they stop in reverse, on shutdown in the order above.
  const started: ShutdownStep[] = [{ name: 'pool', run: () => pool.end() }];

  try {
    return await startOnPool(pool, config, logger, started);
  } catch (error) {
    await unwindSteps(started);
    throw error;
  }
}

async function startOnPool(pool: Pool, config: BookingConfig, logger: Logger, started: ShutdownStep[]): Promise<RunningBookingService> {
  const onStart = (step: ShutdownStep) => started.push(step);
  if (config.MIGRATE_ON_START) {
    const applied = await migrateBookingDatabase(pool, { databaseUrl: config.DATABASE_URL, adminUrl: config.DATABASE_ADMIN_URL });
    logger.info({ applied }, 'migrations applied');
  }

  const { verifier, close: closeAuth } = connectTokenVerifier({
    authUrl: config.AUTH_GRPC_URL,
    deadlineMs: config.GRPC_DEADLINE_MS,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  onStart({ name: 'auth-client', run: closeAuth });

  const booking = composeBooking(pool, config, { logger });

  const broker = createBroker({ url: config.AMQP_URL, exchange: config.AMQP_EXCHANGE, logger });
  onStart({ name: 'broker', run: () => broker.close() });
  const relay = startOutboxRelay({ pool, schema: BOOKING_SCHEMA, broker, logger, pollIntervalMs: config.OUTBOX_POLL_MS });
  onStart({ name: 'outbox-relay', run: () => relay.stop() });
  const consumer = await startInboxConsumer({
    broker,
    pool,
    queue: config.AMQP_QUEUE,
    handlers: booking.eventHandlers,
    logger,
    deliveryLimit: config.AMQP_DELIVERY_LIMIT,
    retryBaseMs: config.RETRY_BASE_MS,
    retryMaxMs: config.RETRY_MAX_MS,
  });
  onStart({ name: 'consumer', run: () => consumer.stop() });

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
  onStart({ name: 'sweeper', run: () => sweeper.stop() });

  const proto = loadProto<BookingProto>('booking');
  const server = await startGrpcServer(config.GRPC_BIND, [
    {
      name: BOOKING_SERVICE_NAME,
      definition: proto.ticres.booking.v1.BookingService.service,
      implementation: createBookingHandlers({ logger, verifier, ...booking }),
    },
  ]);

  // Half the budget for in-flight calls, so the loops, the broker and the pool still fit.
  const drainMs = Math.floor(config.SHUTDOWN_TIMEOUT_MS / 2);
  const shutdownSteps: ShutdownStep[] = [
    { name: 'health', run: () => server.markNotServing() },
    { name: 'grpc', run: () => server.shutdown(drainMs) },
    { name: 'consumer', run: () => consumer.stop() },
    { name: 'sweeper', run: () => sweeper.stop() },
    { name: 'outbox-relay', run: () => relay.stop() },
    { name: 'broker', run: () => broker.close() },
    { name: 'auth-client', run: closeAuth },
    { name: 'pool', run: () => pool.end() },
  ];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      for (const step of shutdownSteps) await step.run();
    })());

  return { port: server.port, shutdownSteps, stop };
}
