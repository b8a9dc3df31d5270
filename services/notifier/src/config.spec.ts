import { ConfigError } from '@ticres/shared';
import { loadNotifierConfig } from './config';

const SECRET = { NOTIFIER_SERVICE_SECRET: 'notifier-secret-0123' };

describe('loadNotifierConfig', () => {
  it('has the documented defaults', () => {
    expect(loadNotifierConfig(SECRET)).toMatchObject({
      DATABASE_URL: 'postgres://ticres_notifier:ticres_notifier@127.0.0.1:5432/ticres',
      MIGRATE_ON_START: false,
      AUTH_GRPC_URL: '127.0.0.1:50051',
      GRPC_DEADLINE_MS: 5_000,
      AMQP_URL: 'amqp://ticres-notifier:ticres-notifier@127.0.0.1:5672',
      AMQP_EXCHANGE: 'ticres.events',
      AMQP_PUBLISHER_USERS: { catalog: 'ticres-catalog', booking: 'ticres-booking', payment: 'ticres-payment' },
      AMQP_QUEUE: 'notifier',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: 1025,
      SMTP_SECURE: false,
      MAIL_FROM: 'TicRes <tickets@ticres.example.com>',
      MAIL_TIME_ZONE: 'UTC',
      NOTIFIER_HTTP_PORT: 8085,
      INBOX_RETENTION_HOURS: 336,
      NOTIFICATION_RETENTION_HOURS: 2_160,
      HOUSEKEEPING_INTERVAL_MS: 600_000,
    });
  });

  it('refuses an inbox retention its own retries can outlast', () => {
    // 100 retries up to an hour apart (about 98 h): a copy may come back after its inbox row of 2 days is gone.
    const retries = { AMQP_DELIVERY_LIMIT: '100', RETRY_BASE_MS: '600000', RETRY_MAX_MS: '3600000' };
    expect(() => loadNotifierConfig({ ...SECRET, ...retries, INBOX_RETENTION_HOURS: '48' })).toThrow(/INBOX_RETENTION_HOURS \(48\)/);
    expect(loadNotifierConfig({ ...SECRET, ...retries, INBOX_RETENTION_HOURS: '101' }).INBOX_RETENTION_HOURS).toBe(101);
  });

  it('requires the service secret and names every bad variable', () => {
    let error: unknown;
    try {
      loadNotifierConfig({ SMTP_PORT: '70000', MAIL_TIME_ZONE: 'Mars/Olympus', SMTP_SECURE: 'yes' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((problem) => problem.split(':')[0]).sort();
    expect(names).toEqual(['MAIL_TIME_ZONE', 'NOTIFIER_SERVICE_SECRET', 'SMTP_PORT', 'SMTP_SECURE']);
    expect((error as ConfigError).message).not.toContain('notifier-secret');
  });

  it('refuses the development secret in production, naming the variable, and accepts it in development', () => {
    expect(() => loadNotifierConfig({ NODE_ENV: 'production', NOTIFIER_SERVICE_SECRET: 'local-dev-notifier-secret' })).toThrow(
      /NOTIFIER_SERVICE_SECRET: is a development default/,
    );
    expect(loadNotifierConfig({ NODE_ENV: 'production', NOTIFIER_SERVICE_SECRET: 'a-secret-of-our-own-0123' }).NODE_ENV).toBe('production');
    expect(loadNotifierConfig({ NOTIFIER_SERVICE_SECRET: 'local-dev-notifier-secret' }).NODE_ENV).toBe('development');
  });
});
