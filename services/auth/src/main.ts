import { telemetry } from './instrumentation';
import { createLogger, handleShutdown } from '@ticres/shared';
import { startAuthService } from './auth-service';
import { loadAuthConfigOrExit } from './config';

async function main(): Promise<void> {
  const config = loadAuthConfigOrExit();
  const logger = createLogger({ service: 'auth', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' });
  try {
    const service = await startAuthService(config, { logger });
    handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, [
      ...service.shutdownSteps,
      { name: 'telemetry', run: () => telemetry.shutdown() },
    ]);
    logger.info({ port: service.port }, 'auth service listening');
  } catch (error) {
    logger.fatal({ err: error }, 'auth service failed to start');
    await telemetry.shutdown().catch(() => undefined);
    // Let pino's transport flush before leaving.
    logger.flush(() => process.exit(1));
  }
}

void main();
