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
      IDEMPOTENCY_TTL_SECONDS: 86_400,
    });
  });

  it('names each bad variable', () => {
    expect(() => loadPaymentConfig({ PROVIDER_TIMEOUT_MS: 'soon', BOOKING_GRPC_URL: 'nowhere' })).toThrow(ConfigError);
    expect(() => loadPaymentConfig({ ...SECRET, PROVIDER_TIMEOUT_MS: 'soon' })).toThrow(/PROVIDER_TIMEOUT_MS/);
    expect(() => loadPaymentConfig({ ...SECRET, AMQP_PUBLISHER_USERS: 'catalog=a,booking=b' })).toThrow(/AMQP_PUBLISHER_USERS: missing payment/);
    expect(() => loadPaymentConfig({ ...SECRET, AMQP_PUBLISHER_USERS: 'catalog=a,booking=b,payment=c,auth=d' })).toThrow(/unknown service "auth"/);
  });

  it('requires its service secret, with no default', () => {
    expect(() => loadPaymentConfig({})).toThrow(/PAYMENT_SERVICE_SECRET/);
    expect(() => loadPaymentConfig({ PAYMENT_SERVICE_SECRET: 'short' })).toThrow(/PAYMENT_SERVICE_SECRET/);
  });
});
