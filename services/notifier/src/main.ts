import { telemetry } from './instrumentation';
import { runServiceMain } from '@ticres/shared';
import { loadNotifierConfigOrExit } from './config';
import { startNotifierService } from './notifier-service';

const config = loadNotifierConfigOrExit();
void runServiceMain({
  name: 'notifier',
  telemetry,
  config,
  start: (logger) => startNotifierService(config, { logger }),
  describe: (service) => ({ http_port: service.httpPort, queue: config.AMQP_QUEUE }),
});
