import type { Channel, ConsumeMessage, Message } from 'amqplib';
import type { Logger } from '../logger';
import { isDataException } from '../db/database-errors';
import { backoffDelay, sleep } from './backoff';
import type { Broker } from './broker';
import { copyProperties } from './message-copy';
import { isPermanentMessageError } from './permanent-message-error';
import { retryQueueArguments, retryQueueOf } from './topology';

/** How the consumer settles a delivery: acked, parked in `<queue>.dead`, or returned to the queue. */
export type Settlement = 'ack' | 'park' | 'requeue';

/** Header of a retried copy: how many times the message has been scheduled for a retry. */
export const RETRIES_HEADER = 'ticres-retries';

export interface RetryLaterOptions {
  broker: Broker;
  queue: string;
  /** Retries after the first delivery; the next failure parks the message. */
  deliveryLimit: number;
  retryBaseMs: number;
  retryMaxMs: number;
  logger: Logger;
  /** Aborted when the consumer stops: a fallback wait ends early. */
  stopping: AbortSignal;
}

export interface RetryLater {
  /** Declares the retry queues; idempotent, run with the consumer queue after every reconnection. */
  declare(channel: Channel): Promise<void>;
  /** What to do with a delivery whose handler threw `error`; republishes it when it is to wait. */
  afterFailure(message: ConsumeMessage, error: unknown, fields: Record<string, unknown>): Promise<Settlement>;
}

/** The distinct waits of the backoff ladder: base, 2 x base, ... up to and including max. */
export function retryDelays(baseMs: number, maxMs: number): number[] {
  const delays: number[] = [];
  for (let attempt = 0; delays.at(-1) !== maxMs; attempt += 1) delays.push(backoffDelay(attempt, baseMs, maxMs));
  return delays;
}

/** Whether the message is a copy this consumer published to one of its retry queues. */
export const isRetriedCopy = (message: Message): boolean => typeof message.properties.headers?.[RETRIES_HEADER] === 'number';

/** Retries so far: scheduled ones (the header) plus returns of this copy (a lost channel, a crash). */
function retriesOf(message: ConsumeMessage): number {
  const headers = message.properties.headers ?? {};
  const count = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0);
  return count(headers[RETRIES_HEADER]) + count(headers['x-delivery-count']);
}

/**
 * Retries without holding a prefetch slot. A message whose handler failed for a reason that may
 * pass is published again, with confirms, to the retry queue of its wait (`<queue>.retry.<n>`,
 * one per step of the backoff ladder, so every message in one has the same TTL and none waits
 * behind a longer one), and only then acked; when its TTL runs out the broker dead-letters it back
 * to `<queue>` through the default exchange. The consumer meanwhile takes other messages, so a
 * flood of failing messages cannot starve the good ones. A message that can never apply (a
 * `PermanentMessageError`, or data Postgres refuses: SQLSTATE class 22) is parked at once, and
 * one that failed `deliveryLimit` retries is parked too.
 *
 * If the copy cannot be published (the broker connection is going), the delivery falls back to
 * waiting out its backoff in its slot and returning to the queue, as before.
 */
export function createRetryLater(options: RetryLaterOptions): RetryLater {
  const { broker, queue, deliveryLimit, retryBaseMs, retryMaxMs, logger, stopping } = options;
  const delays = retryDelays(retryBaseMs, retryMaxMs);

  return {
    async declare(channel) {
      for (let step = 0; step < delays.length; step += 1) {
        await channel.assertQueue(retryQueueOf(queue, step), { durable: true, arguments: retryQueueArguments(queue) });
      }
    },

    async afterFailure(message, error, fields) {
      if (isPermanentMessageError(error) || isDataException(error)) {
        logger.error({ ...fields, err: error }, 'message can never apply; parked');
        return 'park';
      }
      const retries = retriesOf(message);
      if (retries >= deliveryLimit) {
        logger.error({ ...fields, err: error, retries }, 'event handler failed after its last retry; parked');
        return 'park';
      }
      const step = Math.min(retries, delays.length - 1);
      const delay = delays[step]!;
      logger.warn({ ...fields, err: error, delivery_count: retries, retry_in_ms: delay }, 'event handler failed; will retry');
      try {
        await broker.publish([
          {
            exchange: '',
            routingKey: retryQueueOf(queue, step),
            body: message.content,
            options: { ...copyProperties(message, { [RETRIES_HEADER]: retries + 1 }), expiration: String(delay) },
          },
        ]);
        return 'ack';
      } catch (publishError) {
        logger.warn({ ...fields, err: publishError }, 'could not schedule the retry; waiting in place');
        await sleep(delay, stopping);
        return 'requeue';
      }
    },
  };
}
