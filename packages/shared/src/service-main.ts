import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createLogger } from './logger';
import { startMetricsServer } from './metrics/metrics-server';
import { handleShutdown, type ShutdownStep } from './shutdown';
import type { Telemetry } from './telemetry';

/** What a started service hands its main: how to stop it, and the registry of its metrics. */
export interface StartedService {
  shutdownSteps: ShutdownStep[];
  metrics: Registry;
}

export interface ServiceMainOptions<Config, Service extends StartedService> {
  name: string;
  /** Started by the service's instrumentation.ts, before anything instrumented was loaded. */
  telemetry: Telemetry;
  config: Config & { LOG_LEVEL: string; NODE_ENV: string; SHUTDOWN_TIMEOUT_MS: number; METRICS_BIND: string; METRICS_PORT: number };
  start(logger: Logger): Promise<Service>;
  /** The fields of the "started" log line. */
  describe(service: Service): Record<string, unknown>;
}

/**
 * The body of each gRPC/consumer service's main.ts: starts the service, serves its metrics on
 * METRICS_BIND:METRICS_PORT, turns SIGTERM/SIGINT into its shutdown steps plus the metrics
 * listener and a telemetry flush, and exits 1 with the cause logged if it cannot start.
 */
export async function runServiceMain<Config, Service extends StartedService>(options: ServiceMainOptions<Config, Service>): Promise<void> {
  const { name, telemetry, config } = options;
  const logger = createLogger({ service: name, level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' });
  try {
    const service = await options.start(logger);
    // A port already taken fails the start below: the process exits, its parts with it.
    const metrics = await startMetricsServer({ host: config.METRICS_BIND, port: config.METRICS_PORT, registry: service.metrics, logger });
    handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, [
      ...service.shutdownSteps,
      // Last, so a scrape still sees the drain.
      { name: 'metrics', run: () => metrics.close() },
      { name: 'telemetry', run: () => telemetry.shutdown() },
    ]);
    logger.info({ ...options.describe(service), metrics_port: metrics.port }, `${name} started`);
  } catch (error) {
    logger.fatal({ err: error }, `${name} failed to start`);
    await telemetry.shutdown().catch(() => undefined);
    // Let pino's transport flush before leaving.
    logger.flush(() => process.exit(1));
  }
}
