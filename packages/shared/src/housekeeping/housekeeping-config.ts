import { ConfigError, env } from '../config';
import { backoffDelay } from '../messaging/backoff';

const YEARS_10_IN_HOURS = 87_600;

/** Variables of the periodic task that prunes old rows (see `startHousekeeping`). */
export const housekeepingConfigShape = {
  /** How often each replica prunes. */
  HOUSEKEEPING_INTERVAL_MS: env.int(1_000, 86_400_000).default(600_000),
  /** Rows deleted per statement, so no statement holds many locks for long. */
  HOUSEKEEPING_BATCH_SIZE: env.int(1, 100_000).default(1_000),
};

/** Services that publish: how long a published outbox row is kept (7 days). */
export const outboxRetentionConfigShape = {
  OUTBOX_RETENTION_HOURS: env.int(1, YEARS_10_IN_HOURS).default(168),
};

/**
 * Services that consume: how long an inbox row, the record that a message was applied, is kept
 * (14 days). A copy of a message arriving after its row is gone would be applied again, so it
 * must outlast every redelivery (checked by `refuseShortInboxRetention`).
 */
export const inboxRetentionConfigShape = {
  INBOX_RETENTION_HOURS: env.int(1, YEARS_10_IN_HOURS).default(336),
};

/** The notifier: how long the record of a sent mail is kept (90 days). */
export const notificationRetentionConfigShape = {
  NOTIFICATION_RETENTION_HOURS: env.int(1, YEARS_10_IN_HOURS).default(2_160),
};

export interface RedeliverySettings {
  AMQP_DELIVERY_LIMIT: number;
  RETRY_BASE_MS: number;
  RETRY_MAX_MS: number;
}

/** The longest a failing message keeps coming back: every backoff wait of its retries, added up. */
export function longestRedeliveryMs({ AMQP_DELIVERY_LIMIT, RETRY_BASE_MS, RETRY_MAX_MS }: RedeliverySettings): number {
  let total = 0;
  for (let retry = 0; retry < AMQP_DELIVERY_LIMIT; retry += 1) total += backoffDelay(retry, RETRY_BASE_MS, RETRY_MAX_MS);
  return total;
}

/**
 * Throws a ConfigError when INBOX_RETENTION_HOURS does not outlast the retries: an inbox row pruned
 * while a copy of its message may still come back would let that copy apply twice.
 */
export function refuseShortInboxRetention(config: RedeliverySettings & { INBOX_RETENTION_HOURS: number }): void {
  const redeliveryMs = longestRedeliveryMs(config);
  if (config.INBOX_RETENTION_HOURS * 3_600_000 > redeliveryMs) return;
  throw new ConfigError([
    `INBOX_RETENTION_HOURS (${config.INBOX_RETENTION_HOURS}) must exceed the longest redelivery of a message ` +
      `(${Math.ceil(redeliveryMs / 3_600_000)} h from AMQP_DELIVERY_LIMIT, RETRY_BASE_MS and RETRY_MAX_MS): ` +
      'a copy arriving after its inbox row was pruned would be applied twice',
  ]);
}
