import { ConfigError } from '@ticres/shared';
import { loadPaymentConfig } from './config';

const SECRET = { PAYMENT_SERVICE_SECRET: 'payment-secret-0123' };

describe('loadPaymentConfig', () => {
  it('has the documented defaults', () => {
    expect(loadPaymentConfig(SECRET)).toMatchObject({
      GRPC_BIND: '127.0.0.1:50054',
      GRPC_MAX_IN_FLIGHT: 1_000,
      DATABASE_URL: 'postgres://ticres_payment:ticres_payment@127.0.0.1:5432/ticres',
      MIGRATE_ON_START: false,
      AUTH_GRPC_URL: '127.0.0.1:50051',
      BOOKING_GRPC_URL: '127.0.0.1:50053',
      GRPC_DEADLINE_MS: 5_000,
      REDIS_URL: 'redis://127.0.0.1:6379',
      WRITE_LIMIT_PER_USER: 60,
      WRITE_LIMIT_WINDOW_SECONDS: 60,
      WRITE_LIMIT_KEY_PREFIX: 'ticres:writes',
      AMQP_URL: 'amqp://ticres-payment:ticres-payment@127.0.0.1:5672',
      AMQP_EXCHANGE: 'ticres.events',
      AMQP_QUEUE: 'payment',
      OUTBOX_POLL_MS: 1_000,
      AMQP_PUBLISHER_USERS: { catalog: 'ticres-catalog', booking: 'ticres-booking', payment: 'ticres-payment' },
      AMQP_DELIVERY_LIMIT: 20,
      RETRY_BASE_MS: 1_000,
      RETRY_MAX_MS: 60_000,
      PROVIDER_LATENCY_MS: 50,
      PROVIDER_TIMEOUT_MS: 3_000,
      REFUND_RETRY_MS: 5_000,
      REFUND_MAX_ATTEMPTS: 20,
      RECONCILE_INTERVAL_MS: 5_000,
      RECONCILE_AFTER_MS: 30_000,
      IDEMPOTENCY_TTL_SECONDS: 86_400,
    });
  });

  it('refuses a provider timeout that does not end within the call deadline, naming both', () => {
    const refused = () => loadPaymentConfig({ ...SECRET, PROVIDER_TIMEOUT_MS: '5000', GRPC_DEADLINE_MS: '5000' });
    expect(refused).toThrow(ConfigError);
    expect(refused).toThrow(/PROVIDER_TIMEOUT_MS \(5000\) must be below GRPC_DEADLINE_MS \(5000\)/);
    expect(loadPaymentConfig({ ...SECRET, PROVIDER_TIMEOUT_MS: '4999', GRPC_DEADLINE_MS: '5000' }).PROVIDER_TIMEOUT_MS).toBe(4_999);
  });

  it('refuses a reconciler grace period that an attempt can outlast', () => {
    const refused = () => loadPaymentConfig({ ...SECRET, RECONCILE_AFTER_MS: '8000', GRPC_DEADLINE_MS: '5000', PROVIDER_TIMEOUT_MS: '3000' });
    expect(refused).toThrow(/RECONCILE_AFTER_MS \(8000\) must exceed GRPC_DEADLINE_MS \+ PROVIDER_TIMEOUT_MS \(8000\)/);
    expect(loadPaymentConfig({ ...SECRET, RECONCILE_AFTER_MS: '8001' }).RECONCILE_AFTER_MS).toBe(8_001);
  });

  it('names each bad variable', () => {
    expect(() => loadPaymentConfig({ PROVIDER_TIMEOUT_MS: 'soon', BOOKING_GRPC_URL: 'nowhere' })).toThrow(ConfigError);
    expect(() => loadPaymentConfig({ ...SECRET, PROVIDER_TIMEOUT_MS: 'soon' })).toThrow(/PROVIDER_TIMEOUT_MS/);
    expect(() => loadPaymentConfig({ ...SECRET, AMQP_PUBLISHER_USERS: 'catalog=a,booking=b' })).toThrow(/AMQP_PUBLISHER_USERS: missing payment/);
    expect(() => loadPaymentConfig({ ...SECRET, AMQP_PUBLISHER_USERS: 'catalog=a,booking=b,payment=c,auth=d' })).toThrow(/unknown service "auth"/);
  });

  it('refuses the development secret in production, naming it', () => {
    expect(() => loadPaymentConfig({ NODE_ENV: 'production', PAYMENT_SERVICE_SECRET: 'local-dev-payment-secret' })).toThrow(/PAYMENT_SERVICE_SECRET/);
    expect(loadPaymentConfig({ NODE_ENV: 'production', PAYMENT_SERVICE_SECRET: 'a-real-secret-0123456' }).NODE_ENV).toBe('production');
  });

  it('requires its service secret, with no default', () => {
    expect(() => loadPaymentConfig({})).toThrow(/PAYMENT_SERVICE_SECRET/);
    expect(() => loadPaymentConfig({ PAYMENT_SERVICE_SECRET: 'short' })).toThrow(/PAYMENT_SERVICE_SECRET/);
  });
});
