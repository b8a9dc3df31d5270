import { ConfigError } from '@ticres/shared';
import { loadCatalogConfig } from './config';

describe('loadCatalogConfig', () => {
  it('has the documented defaults', () => {
    expect(loadCatalogConfig({})).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: 10_000,
      METRICS_PORT: 9452,
      METRICS_BIND: '127.0.0.1',
      SHUTDOWN_DRAIN_MS: 0,
      HEALTH_CHECK_INTERVAL_MS: 2_000,
      GRPC_BIND: '127.0.0.1:50052',
      GRPC_MAX_IN_FLIGHT: 1_000,
      DATABASE_URL: 'postgres://ticres_catalog:ticres_catalog@127.0.0.1:5432/ticres',
      DATABASE_ADMIN_URL: undefined,
      MIGRATE_ON_START: false,
      AUTH_GRPC_URL: '127.0.0.1:50051',
      GRPC_DEADLINE_MS: 5_000,
      JWT_ISSUER: 'ticres-auth',
      JWT_AUDIENCE: 'ticres',
      REDIS_URL: 'redis://127.0.0.1:6379',
      WRITE_LIMIT_PER_USER: 60,
      WRITE_LIMIT_WINDOW_SECONDS: 60,
      WRITE_LIMIT_KEY_PREFIX: 'ticres:writes',
      CACHE_TTL_SECONDS: 600,
      CACHE_KEY_PREFIX: 'ticres:catalog',
      CACHE_TIMEOUT_MS: 100,
      CACHE_REPAIR_INTERVAL_MS: 1_000,
      AMQP_URL: 'amqp://ticres-catalog:ticres-catalog@127.0.0.1:5672',
      AMQP_EXCHANGE: 'ticres.events',
      DEFAULT_CURRENCY: 'IDR',
      OUTBOX_POLL_MS: 1_000,
      HOUSEKEEPING_INTERVAL_MS: 600_000,
      HOUSEKEEPING_BATCH_SIZE: 1_000,
      OUTBOX_RETENTION_HOURS: 168,
    });
  });

  it('parses values from the environment and treats an empty admin URL as unset', () => {
    expect(
      loadCatalogConfig({ CACHE_TTL_SECONDS: '5', MIGRATE_ON_START: '1', DATABASE_ADMIN_URL: '', DEFAULT_CURRENCY: 'USD', GRPC_BIND: '127.0.0.1:0' }),
    ).toMatchObject({ CACHE_TTL_SECONDS: 5, MIGRATE_ON_START: true, DATABASE_ADMIN_URL: undefined, DEFAULT_CURRENCY: 'USD', GRPC_BIND: '127.0.0.1:0' });
  });

  it('names every bad variable in one ConfigError', () => {
    let error: unknown;
    try {
      loadCatalogConfig({ DEFAULT_CURRENCY: 'usd', CACHE_TIMEOUT_MS: '0', REDIS_URL: 'not a url', AUTH_GRPC_URL: 'auth' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const named = (error as ConfigError).problems.map((problem) => problem.split(':')[0]);
    expect(named.sort()).toEqual(['AUTH_GRPC_URL', 'CACHE_TIMEOUT_MS', 'DEFAULT_CURRENCY', 'REDIS_URL']);
  });
});
