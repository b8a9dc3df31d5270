import { telemetry } from './instrumentation';
import { runServiceMain } from '@ticres/shared';
import { loadBookingConfigOrExit } from './config';
import { startBookingService } from './booking-service';

const config = loadBookingConfigOrExit();
void runServiceMain({
  name: 'booking',
  telemetry,
  config,
  start: (logger) => startBookingService(config, { logger }),
  describe: (service) => ({ port: service.port }),
});
