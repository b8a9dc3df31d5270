import type { AuthProto } from '@ticres/proto';
import {
  grpcTransport,
  authServiceTokenSource,
  createBroker,
  createGrpcClient,
  createMetricsRegistry,
  createPool,
  isAppError,
  loadProto,
  observePool,
  startHousekeeping,
  startInboxConsumer,
  runStepsOnce,
  trackOpenedParts,
  type Logger,
  type MetricsRegistry,
  type OpenedParts,
  type Pool,
  type ShutdownStep,
  NOTIFIER_SERVICE,
  brokerProbe,
  databaseProbe,
  drainStep,
  startDependencyMonitor,
} from '@ticres/shared';
import { composeNotifier } from './compose';
import type { NotifierConfig } from './config';
import { createContactDirectory, type FetchContact } from './contacts/contact-directory';
import { migrateNotifierDatabase, NOTIFIER_SCHEMA } from './db/migrations';
import { startHealthServer } from './http/health-server';
import { RETIRED_EVENT_TYPES } from './messaging/event-handlers';
import { createSmtpMailer } from './mail/smtp-mailer';

export interface RunningNotifierService {
  httpPort: number;
  /**
   * In order: readiness 503, stop the health checks, wait SHUTDOWN_DRAIN_MS, stop the consumer
   * (waits for messages in flight), stop housekeeping, close the broker, the auth client, the SMTP transport, the
   * health server and the pool.
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
 * Starts the notifier: migrates when asked, consumes booking events from AMQP_QUEUE and mails the
 * people concerned, and serves /healthz and /readyz on NOTIFIER_HTTP_PORT (0 picks a free port).
 * Listens for no signal and never exits the process: main.ts does that. If a step fails, what had
 * started is stopped again.
 */
export async function startNotifierService(config: NotifierConfig, { logger }: StartOptions): Promise<RunningNotifierService> {
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    schema: NOTIFIER_SCHEMA,
    applicationName: 'ticres-notifier',
    max: config.DB_POOL_SIZE,
  });
  // What has started so far, closed newest first if the start fails half-way.
  const parts = trackOpenedParts(logger);
  parts.add({ name: 'pool', run: () => pool.end() });
  try {
    return await startOnPool(pool, config, logger, parts);
  } catch (error) {
    await parts.close();
    throw error;
  }
}

async function startOnPool(pool: Pool, config: NotifierConfig, logger: Logger, parts: OpenedParts): Promise<RunningNotifierService> {
  if (config.MIGRATE_ON_START) {
    const applied = await migrateNotifierDatabase(pool, { databaseUrl: config.DATABASE_URL, adminUrl: config.DATABASE_ADMIN_URL });
    logger.info({ applied }, 'migrations applied');
  }

  const transport = grpcTransport(config);
  const auth = createGrpcClient(loadProto<AuthProto>('auth').ticres.auth.v1.AuthService, config.AUTH_GRPC_URL, config.GRPC_DEADLINE_MS, transport.channel);
  parts.add({ name: 'auth-client', run: () => auth.close() });
  const tokens = authServiceTokenSource(auth, { service: NOTIFIER_SERVICE, secret: config.NOTIFIER_SERVICE_SECRET });
  const fetchContact: FetchContact = async (userId, token) => {
    try {
      const contact = await auth.call.GetContact({ user_id: userId }, { token });
      return { userId: contact.user_id, name: contact.name, email: contact.email };
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  };
  const contacts = createContactDirectory({ fetchContact, tokens, cacheSeconds: config.CONTACT_CACHE_SECONDS });

  const mailer = createSmtpMailer({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    user: config.SMTP_USER,
    password: config.SMTP_PASSWORD,
    from: config.MAIL_FROM,
    timeoutMs: config.SMTP_TIMEOUT_MS,
  });
  parts.add({ name: 'mailer', run: () => mailer.close() });

  const metrics = createMetricsRegistry('notifier');
  observePool(metrics, pool);
  const { eventHandlers } = composeNotifier({ contacts, mailer, logger, timeZone: config.MAIL_TIME_ZONE });

  const broker = createBroker({ url: config.AMQP_URL, exchange: config.AMQP_EXCHANGE, logger });
  parts.add({ name: 'broker', run: () => broker.close() });
  const consumer = await startInboxConsumer({
    broker,
    pool,
    queue: config.AMQP_QUEUE,
    handlers: eventHandlers,
    retiredTypes: RETIRED_EVENT_TYPES,
    publishers: config.AMQP_PUBLISHER_USERS,
    logger,
    prefetch: config.AMQP_PREFETCH,
    deliveryLimit: config.AMQP_DELIVERY_LIMIT,
    retryBaseMs: config.RETRY_BASE_MS,
    retryMaxMs: config.RETRY_MAX_MS,
    metrics,
  });
  let consuming = true;
  parts.add({ name: 'consumer', run: () => consumer.stop() });
  const housekeeping = startHousekeeping({ pool, logger, settings: config });
  parts.add({ name: 'housekeeping', run: () => housekeeping.stop() });

  const dependencies = await startDependencyMonitor({
    probes: [databaseProbe(config.DATABASE_URL, { applicationName: 'ticres-notifier-health' }), brokerProbe(broker)],
    intervalMs: config.HEALTH_CHECK_INTERVAL_MS,
    logger,
  });
  parts.add({ name: 'health checks', run: () => dependencies.stop() });
  const health = await startHealthServer({
    host: config.NOTIFIER_HTTP_HOST,
    port: config.NOTIFIER_HTTP_PORT,
    isReady: async () => consuming && dependencies.isHealthy(),
  });

  const shutdownSteps: ShutdownStep[] = [
    { name: 'readiness', run: () => health.markNotReady() },
    { name: 'health checks', run: () => dependencies.stop() },
    drainStep(config.SHUTDOWN_DRAIN_MS),
    {
      name: 'consumer',
      run: async () => {
        consuming = false;
        await consumer.stop();
      },
    },
    { name: 'housekeeping', run: () => housekeeping.stop() },
    { name: 'broker', run: () => broker.close() },
    { name: 'auth-client', run: () => auth.close() },
    { name: 'mailer', run: () => mailer.close() },
    { name: 'health-server', run: () => health.close() },
    { name: 'pool', run: () => pool.end() },
  ];
  // Not newest first: /readyz keeps answering (503) until the consumer and its connections are gone.
  const stop = runStepsOnce(shutdownSteps, logger);

  return { httpPort: health.port, shutdownSteps, stop, metrics };
}
