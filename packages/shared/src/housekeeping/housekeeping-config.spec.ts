import { ConfigError, loadConfig } from '../config';
import { inboxRetentionConfigShape, longestRedeliveryMs, refuseShortInboxRetention } from './housekeeping-config';

describe('housekeeping settings', () => {
  it('adds up every backoff wait of the retries', () => {
    // 1 + 2 + 4 + 4 seconds: the fourth retry waits the capped 4 s.
    expect(longestRedeliveryMs({ AMQP_DELIVERY_LIMIT: 4, RETRY_BASE_MS: 1_000, RETRY_MAX_MS: 4_000 })).toBe(11_000);
  });

  it('refuses an inbox retention that a retried message can outlast, naming the variable', () => {
    // 50 retries an hour apart: a copy may come back two days after the first delivery.
    const retries = { AMQP_DELIVERY_LIMIT: 50, RETRY_BASE_MS: 3_600_000, RETRY_MAX_MS: 3_600_000 };
    expect(() => refuseShortInboxRetention({ ...retries, INBOX_RETENTION_HOURS: 24 })).toThrow(ConfigError);
    expect(() => refuseShortInboxRetention({ ...retries, INBOX_RETENTION_HOURS: 24 })).toThrow(/INBOX_RETENTION_HOURS \(24\)/);
    expect(() => refuseShortInboxRetention({ ...retries, INBOX_RETENTION_HOURS: 51 })).not.toThrow();
  });

  it('defaults to 14 days and refuses a malformed or zero retention', () => {
    expect(loadConfig(inboxRetentionConfigShape, {}).INBOX_RETENTION_HOURS).toBe(336);
    expect(() => loadConfig(inboxRetentionConfigShape, { INBOX_RETENTION_HOURS: '0' })).toThrow(/INBOX_RETENTION_HOURS/);
    expect(() => loadConfig(inboxRetentionConfigShape, { INBOX_RETENTION_HOURS: '2d' })).toThrow(/INBOX_RETENTION_HOURS/);
  });
});
