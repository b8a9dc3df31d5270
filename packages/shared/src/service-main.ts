import type { Logger } from 'pino';
import { createLogger } from './logger';
import { handleShutdown, type ShutdownStep } from './shutdown';
import type { Telemetry } from './telemetry';

export interface ServiceMainOptions<Config, Service extends { shutdownSteps: ShutdownStep[] }> {
  name: string;
  /** Started by the service's instrumentation.ts, before anything instrumented was loaded. */
  telemetry: Telemetry;
  config: Config & { LOG_LEVEL: string; NODE_ENV: string; SHUTDOWN_TIMEOUT_MS: number };
  start(logger: Logger): Promise<Service>;
  /** The fields of the "started" log line. */
  describe(service: Service): Record<string, unknown>;
}

/**
 * The body of each gRPC/consumer service's main.ts: starts the service, turns SIGTERM/SIGINT into
 * its shutdown steps plus a telemetry flush, and exits 1 with the cause logged if it cannot start.
 */
export async function runServiceMain<Config, Service extends { shutdownSteps: ShutdownStep[] }>(
  options: ServiceMainOptions<Config, Service>,
): Promise<void> {
  const { name, telemetry, config } = options;
  const logger = createLogger({ service: name, level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' });
  try {
    const service = await options.start(logger);
    handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, [
      ...service.shutdownSteps,
      { name: 'telemetry', run: () => telemetry.shutdown() },
    ]);
    logger.info(options.describe(service), `${name} started`);
  } catch (error) {
    logger.fatal({ err: error }, `${name} failed to start`);
    await telemetry.shutdown().catch(() => undefined);
    // Let pino's transport flush before leaving.
    logger.flush(() => process.exit(1));
  }
}
