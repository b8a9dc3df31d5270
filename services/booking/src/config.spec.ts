import { ConfigError } from '@ticres/shared';
import { loadBookingConfig } from './config';

describe('loadBookingConfig', () => {
  it('has the documented defaults', () => {
    expect(loadBookingConfig({})).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: 10_000,
      METRICS_PORT: 9453,
      METRICS_BIND: '127.0.0.1',
      SHUTDOWN_DRAIN_MS: 0,
      HEALTH_CHECK_INTERVAL_MS: 2_000,
      GRPC_BIND: '127.0.0.1:50053',
      GRPC_MAX_IN_FLIGHT: 1_000,
      DATABASE_URL: 'postgres://ticres_booking:ticres_booking@127.0.0.1:5432/ticres',
      DATABASE_ADMIN_URL: undefined,
      MIGRATE_ON_START: false,
      DB_POOL_SIZE: 20,
      AUTH_GRPC_URL: '127.0.0.1:50051',
      GRPC_DEADLINE_MS: 5_000,
      JWT_ISSUER: 'ticres-auth',
      JWT_AUDIENCE: 'ticres',
      AMQP_URL: 'amqp://ticres-booking:ticres-booking@127.0.0.1:5672',
      AMQP_EXCHANGE: 'ticres.events',
      AMQP_QUEUE: 'booking',
      REDIS_URL: 'redis://127.0.0.1:6379',
      WRITE_LIMIT_PER_USER: 60,
      WRITE_LIMIT_WINDOW_SECONDS: 60,
      WRITE_LIMIT_KEY_PREFIX: 'ticres:writes',
      HOLD_TTL_SECONDS: 900,
      MAX_OPEN_HOLDS_PER_USER_PER_EVENT: 1,
      MAX_OPEN_HELD_SEATS_PER_USER: 20,
      MAX_HELD_SEATS_PER_ADDRESS_PER_EVENT: 40,
      HOLD_COOLDOWN_SECONDS: 60,
      CLAIM_TTL_SECONDS: 120,
      SWEEP_INTERVAL_MS: 5_000,
      SWEEP_BATCH_SIZE: 500,
      IDEMPOTENCY_TTL_SECONDS: 86_400,
      OUTBOX_POLL_MS: 1_000,
      AVAILABILITY_CACHE_MS: 500,
      EVENT_DETAIL_MAX_SEATS: 5_000,
      AMQP_PUBLISHER_USERS: { catalog: 'ticres-catalog', booking: 'ticres-booking', payment: 'ticres-payment' },
      AMQP_DELIVERY_LIMIT: 20,
      RETRY_BASE_MS: 1_000,
      RETRY_MAX_MS: 60_000,
      HOUSEKEEPING_INTERVAL_MS: 600_000,
      HOUSEKEEPING_BATCH_SIZE: 1_000,
      OUTBOX_RETENTION_HOURS: 168,
      INBOX_RETENTION_HOURS: 336,
    });
  });

  it('parses values from the environment and treats an empty admin URL as unset', () => {
    expect(
      loadBookingConfig({ HOLD_TTL_SECONDS: '1', MAX_OPEN_HOLDS_PER_USER_PER_EVENT: '3', CLAIM_TTL_SECONDS: '30', DATABASE_ADMIN_URL: '' }),
    ).toMatchObject({
      HOLD_TTL_SECONDS: 1,
      CLAIM_TTL_SECONDS: 30,
      MAX_OPEN_HOLDS_PER_USER_PER_EVENT: 3,
      DATABASE_ADMIN_URL: undefined,
    });
  });

  it('names every bad variable in one ConfigError', () => {
    let error: unknown;
    try {
      loadBookingConfig({ HOLD_TTL_SECONDS: '0', AMQP_URL: 'nowhere', SWEEP_BATCH_SIZE: 'many', GRPC_BIND: ':x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    for (const name of ['HOLD_TTL_SECONDS', 'AMQP_URL', 'SWEEP_BATCH_SIZE', 'GRPC_BIND']) {
      expect(problems.some((problem) => problem.startsWith(`${name}:`))).toBe(true);
    }
  });
});
