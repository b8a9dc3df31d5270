import { telemetry } from './instrumentation';
import { createLogger, handleShutdown } from '@ticres/shared';
import { loadPaymentConfigOrExit } from './config';
import { startPaymentService } from './payment-service';

async function main(): Promise<void> {
  const config = loadPaymentConfigOrExit();
  const logger = createLogger({ service: 'payment', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' });
  try {
    const service = await startPaymentService(config, { logger });
    handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, [
      ...service.shutdownSteps,
      { name: 'telemetry', run: () => telemetry.shutdown() },
    ]);
    logger.info({ port: service.port }, 'payment service listening');
  } catch (error) {
    logger.fatal({ err: error }, 'payment service failed to start');
    await telemetry.shutdown().catch(() => undefined);
    // Let pino's transport flush before leaving.
    logger.flush(() => process.exit(1));
  }
}

void main();
