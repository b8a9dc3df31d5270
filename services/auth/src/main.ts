import { telemetry } from './instrumentation';
import { runServiceMain } from '@ticres/shared';
import { loadAuthConfigOrExit } from './config';
import { startAuthService } from './auth-service';

const config = loadAuthConfigOrExit();
void runServiceMain({
  name: 'auth',
  telemetry,
  config,
  start: (logger) => startAuthService(config, { logger }),
  describe: (service) => ({ port: service.port }),
});
