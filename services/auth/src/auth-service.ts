import { SERVICE_NAMES, type AuthProto } from '@ticres/proto';
import {
  databaseProbe,
  serveGrpcService,
  grpcTransport,
  createMetricsRegistry,
  createPool,
  loadProto,
  observePool,
  startPeriodicTask,
  trackOpenedParts,
  type MetricsRegistry,
  type OpenedParts,
  type Pool,
  type ShutdownStep,
} from '@ticres/shared';
import { composeAuth, type ComposeOptions } from './compose';
import type { AuthConfig } from './config';
import { AUTH_SCHEMA, migrateAuthDatabase } from './db/migrations';
import { createAuthHandlers } from './grpc/auth.handlers';
import { rotationCheckIntervalMs } from './key-rotation-schedule';

export const AUTH_SERVICE_NAME = SERVICE_NAMES.auth;

export interface RunningAuthService {
  port: number;
  /**
   * In order: health NOT_SERVING, stop the health checks, wait SHUTDOWN_DRAIN_MS, finish the calls
   * in flight, stop the rotation timer, stop the password threads, close the pool.
   */
  shutdownSteps: ShutdownStep[];
  /** Runs the shutdown steps once; later calls wait for the first. */
  stop(): Promise<void>;
  /** Its metrics, which main.ts serves on METRICS_PORT. */
  metrics: MetricsRegistry;
}

/**
 * Starts the service on GRPC_BIND (port 0 picks a free one): migrates when asked, makes sure a
 * key signs, serves, and rotates keys on a timer. Listens for no signal and never exits the
 * process: main.ts does that. If a step fails, what had started is stopped again.
 */
export async function startAuthService(config: AuthConfig, options: ComposeOptions): Promise<RunningAuthService> {
  const pool = createPool({ connectionString: config.DATABASE_URL, schema: AUTH_SCHEMA, applicationName: 'ticres-auth' });
  const parts = trackOpenedParts(options.logger);
  parts.add({ name: 'pool', run: () => pool.end() });
  try {
    return await startOnPool(pool, config, options, parts);
  } catch (error) {
    await parts.close();
    throw error;
  }
}

async function startOnPool(pool: Pool, config: AuthConfig, options: ComposeOptions, parts: OpenedParts): Promise<RunningAuthService> {
  const { logger } = options;
  if (config.MIGRATE_ON_START) {
    const applied = await migrateAuthDatabase(pool, { databaseUrl: config.DATABASE_URL, adminUrl: config.DATABASE_ADMIN_URL });
    logger.info({ applied }, 'migrations applied');
  }

  const auth = await composeAuth(pool, config, options);
  parts.add({ name: 'password-workers and revocation redis', run: () => auth.close() });
  await auth.rotateSigningKey();

  const metrics = createMetricsRegistry('auth');
  observePool(metrics, pool);
  const proto = loadProto<AuthProto>('auth');
  const transport = grpcTransport(config);
  const rotationTimer = startPeriodicTask({
    name: 'signing key rotation',
    intervalMs: rotationCheckIntervalMs(config.SIGNING_KEY_ROTATION_SECONDS),
    run: auth.rotateSigningKey,
    logger,
  });
  parts.add({ name: 'key-rotation', run: () => rotationTimer.stop() });
  const server = await serveGrpcService(
    { name: AUTH_SERVICE_NAME, definition: proto.ticres.auth.v1.AuthService.service, implementation: createAuthHandlers({ logger, ...auth }) },
    parts,
    {
      probes: [databaseProbe(config.DATABASE_URL, { applicationName: 'ticres-auth-health' })],
      settings: config,
      credentials: transport.server,
      metrics,
      logger,
    },
  );
  return { port: server.port, shutdownSteps: parts.shutdownSteps(), stop: () => parts.close(), metrics };
}
