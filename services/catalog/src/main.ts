import { telemetry } from './instrumentation';
import { runServiceMain } from '@ticres/shared';
import { loadCatalogConfigOrExit } from './config';
import { startCatalogService } from './catalog-service';

const config = loadCatalogConfigOrExit();
void runServiceMain({
  name: 'catalog',
  telemetry,
  config,
  start: (logger) => startCatalogService(config, { logger }),
  describe: (service) => ({ port: service.port }),
});
