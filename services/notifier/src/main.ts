import { telemetry } from './instrumentation';
import { createLogger, handleShutdown } from '@ticres/shared';
import { loadNotifierConfigOrExit } from './config';
import { startNotifierService } from './notifier-service';

async function main(): Promise<void> {
  const config = loadNotifierConfigOrExit();
  const logger = createLogger({ service: 'notifier', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' });
  try {
    const service = await startNotifierService(config, { logger });
    handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, [
      ...service.shutdownSteps,
      { name: 'telemetry', run: () => telemetry.shutdown() },
    ]);
    logger.info({ http_port: service.httpPort, queue: config.AMQP_QUEUE }, 'notifier consuming');
  } catch (error) {
    logger.fatal({ err: error }, 'notifier failed to start');
    await telemetry.shutdown().catch(() => undefined);
    // Let pino's transport flush before leaving.
    logger.flush(() => process.exit(1));
  }
}

void main();
