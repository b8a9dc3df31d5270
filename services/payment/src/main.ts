import { telemetry } from './instrumentation';
import { runServiceMain } from '@ticres/shared';
import { loadPaymentConfigOrExit } from './config';
import { startPaymentService } from './payment-service';

const config = loadPaymentConfigOrExit();
void runServiceMain({
  name: 'payment',
  telemetry,
  config,
  start: (logger) => startPaymentService(config, { logger }),
  describe: (service) => ({ port: service.port }),
});
