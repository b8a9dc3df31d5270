import { SERVICE_NAMES, type CatalogProto } from '@ticres/proto';
import {
  brokerProbe,
  databaseProbe,
  serveGrpcService,
  grpcTransport,
  connectTokenVerifier,
  createBroker,
  createMetricsRegistry,
  createPool,
  loadProto,
  observePool,
  openWriteLimit,
  startHousekeeping,
  startOutboxRelay,
  startPeriodicTask,
  trackOpenedParts,
  type MetricsRegistry,
  type ShutdownStep,
} from '@ticres/shared';
import { closeRedis, createCacheRedis } from './cache/redis';
import { composeCatalog, type ComposeOptions } from './compose';
import type { CatalogConfig } from './config';
import { CATALOG_SCHEMA, migrateCatalogDatabase } from './db/migrations';
import { createCatalogHandlers } from './grpc/catalog.handlers';

export const CATALOG_SERVICE_NAME = SERVICE_NAMES.catalog;

export interface RunningCatalogService {
  port: number;
  /**
   * In order: health NOT_SERVING, wait SHUTDOWN_DRAIN_MS, finish the calls in flight, stop housekeeping and the cache
   * repair, close the auth client, stop the outbox relay, close the broker, quit Redis, close the pool.
   */
  shutdownSteps: ShutdownStep[];
  /** Runs the shutdown steps once; later calls wait for the first. */
  stop(): Promise<void>;
  /** Its metrics, which main.ts serves on METRICS_PORT. */
  metrics: MetricsRegistry;
}

/**
 * Starts the service on GRPC_BIND (port 0 picks a free one): migrates when asked, connects Redis
 * and RabbitMQ in the background (neither has to be up: reads fall back to Postgres, events wait
 * in the outbox), relays the outbox and serves. Listens for no signal and never exits the
 * process: main.ts does that.
 */
export async function startCatalogService(config: CatalogConfig, options: ComposeOptions): Promise<RunningCatalogService> {
  const { logger } = options;
  // Filled as things start, so a failure half-way closes exactly what was opened, in reverse.
  const parts = trackOpenedParts(logger);

  try {
    const pool = createPool({ connectionString: config.DATABASE_URL, schema: CATALOG_SCHEMA, applicationName: 'ticres-catalog' });
    parts.add({ name: 'pool', run: () => pool.end() });
    const metrics = createMetricsRegistry('catalog');
    observePool(metrics, pool);
    if (config.MIGRATE_ON_START) {
      const applied = await migrateCatalogDatabase(pool, { databaseUrl: config.DATABASE_URL, adminUrl: config.DATABASE_ADMIN_URL });
      logger.info({ applied }, 'migrations applied');
    }

    const redis = createCacheRedis(config.REDIS_URL, { commandTimeoutMs: config.CACHE_TIMEOUT_MS, logger });
    parts.add({ name: 'redis', run: () => closeRedis(redis) });
    const broker = createBroker({ url: config.AMQP_URL, exchange: config.AMQP_EXCHANGE, logger });
    parts.add({ name: 'broker', run: () => broker.close() });
    const relay = startOutboxRelay({ pool, schema: CATALOG_SCHEMA, broker, logger, pollIntervalMs: config.OUTBOX_POLL_MS, metrics });
    parts.add({ name: 'outbox-relay', run: () => relay.stop() });

    const transport = grpcTransport(config);
    const { verifier, close: closeAuth } = connectTokenVerifier({
      authUrl: config.AUTH_GRPC_URL,
      deadlineMs: config.GRPC_DEADLINE_MS,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      credentials: transport.channel,
    });
    parts.add({ name: 'auth-client', run: closeAuth });
    // A fail-fast client of its own, as every rate limiter's; the cache's keeps its own timeouts.
    const writeLimit = openWriteLimit({ verify: (token) => verifier.verify(token), settings: config, logger });
    parts.add({ name: 'write-limit', run: writeLimit.close });

    const { repayOwedInvalidation, ...useCases } = composeCatalog(pool, redis, config, options);
    const cacheRepair = startPeriodicTask({
      name: 'owed cache invalidation',
      intervalMs: config.CACHE_REPAIR_INTERVAL_MS,
      run: repayOwedInvalidation,
      logger,
    });
    parts.add({ name: 'cache-repair', run: () => cacheRepair.stop() });
    const housekeeping = startHousekeeping({ pool, logger, settings: config });
    parts.add({ name: 'housekeeping', run: () => housekeeping.stop() });
    const proto = loadProto<CatalogProto>('catalog');
    const server = await serveGrpcService(
      {
        name: CATALOG_SERVICE_NAME,
        definition: proto.ticres.catalog.v1.CatalogService.service,
        implementation: createCatalogHandlers({ logger, writes: writeLimit.writes, ...useCases }),
      },
      parts,
      {
        probes: [databaseProbe(config.DATABASE_URL, { applicationName: 'ticres-catalog-health' }), brokerProbe(broker)],
        settings: config,
        credentials: transport.server,
        metrics,
        logger,
      },
    );

    // Closed in the reverse order of opening: health, drain, grpc, housekeeping, cache repair, write limit, auth client, relay, broker, redis, pool.
    return { port: server.port, shutdownSteps: parts.shutdownSteps(), stop: () => parts.close(), metrics };
  } catch (error) {
    await parts.close();
    throw error;
  }
}
