import { telemetry } from './instrumentation';
import { createLogger, handleShutdown } from '@ticres/shared';
import { startCatalogService } from './catalog-service';
import { loadCatalogConfigOrExit } from './config';

async function main(): Promise<void> {
  const config = loadCatalogConfigOrExit();
  const logger = createLogger({ service: 'catalog', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' });
  try {
    const service = await startCatalogService(config, { logger });
    handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, [
      ...service.shutdownSteps,
      { name: 'telemetry', run: () => telemetry.shutdown() },
    ]);
    logger.info({ port: service.port }, 'catalog service listening');
  } catch (error) {
    logger.fatal({ err: error }, 'catalog service failed to start');
    await telemetry.shutdown().catch(() => undefined);
    // Let pino's transport flush before leaving.
    logger.flush(() => process.exit(1));
  }
}

void main();
