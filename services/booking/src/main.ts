import { telemetry } from './instrumentation';
import { createLogger, handleShutdown } from '@ticres/shared';
import { startBookingService } from './booking-service';
import { loadBookingConfigOrExit } from './config';

async function main(): Promise<void> {
  const config = loadBookingConfigOrExit();
  const logger = createLogger({ service: 'booking', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' });
  try {
    const service = await startBookingService(config, { logger });
    handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, [
      ...service.shutdownSteps,
      { name: 'telemetry', run: () => telemetry.shutdown() },
    ]);
    logger.info({ port: service.port }, 'booking service listening');
  } catch (error) {
    logger.fatal({ err: error }, 'booking service failed to start');
    await telemetry.shutdown().catch(() => undefined);
    // Let pino's transport flush before leaving.
    logger.flush(() => process.exit(1));
  }
}

void main();
