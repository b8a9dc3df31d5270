import type { Channel, ConsumeMessage } from 'amqplib';
import type { Pool } from 'pg';
import type { Registry } from 'prom-client';
import { createConsumerMetrics, observeQueueDepth, UNPARSED_TYPE, type ConsumerOutcome } from '../metrics/consumer-metrics';
import type { Logger } from '../logger';
import { applyOnce, type EventHandlers } from './apply-once';
import { sleep } from './backoff';
import type { Broker } from './broker';
import { EVENT_PUBLISHERS, type PublisherUsers } from './event-publishers';
import { parseEnvelope } from './parse-envelope';
import { createRetryLater, isRetriedCopy, type Settlement } from './retry-later';
import { declareConsumerQueue } from './topology';
import { REQUEST_ID_HEADER, withRequestId } from '../request-id';
import { inConsumerSpan } from './trace-context';

export type { EventHandler, EventHandlers } from './apply-once';

export interface InboxConsumerOptions {
  broker: Broker;
  pool: Pool;
  /** The service's own queue, e.g. `booking`; its parking queue is `<queue>.dead`. */
  queue: string;
  /** One handler per event type; the queue is bound to exactly these routing keys. */
  handlers: EventHandlers;
  /**
   * Types an earlier version of the service consumed and this one does not: their bindings are
   * removed, so their messages stop arriving (and being parked for want of a handler).
   */
  retiredTypes?: readonly string[];
  /**
   * The broker user of each publishing service. A message is applied only when its `user_id`
   * (which the broker validated against the publishing connection) is the user of the service
   * that owns its type (`EVENT_PUBLISHERS`); any other is parked unapplied.
   */
  publishers: PublisherUsers;
  logger: Logger;
  prefetch?: number;
  /** Retries after which a message that keeps failing is parked. */
  deliveryLimit?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long start waits for the broker and the queue declaration before it gives up. */
  startTimeoutMs?: number;
  /** How long stop waits for messages in flight. */
  stopTimeoutMs?: number;
  /** Where to count settled messages and report the queue's and its parking queue's depth. */
  metrics?: Registry;
}

interface Counted {
  type: string;
  outcome: ConsumerOutcome;
  seconds?: number;
}

export interface InboxConsumer {
  /** Stops taking new messages and waits, bounded, for the ones in flight. */
  stop(): Promise<void>;
}

/**
 * Consumes the service's quorum queue and applies each event once (see `applyOnce`), acking only
 * after the transaction committed. A failing handler is retried with backoff
 * (`min(retryMaxMs, retryBaseMs * 2^retries)`) through a retry queue, without holding a prefetch
 * slot meanwhile, until `deliveryLimit` retries park the message in `<queue>.dead` (see
 * `createRetryLater`); a message that cannot be parsed, whose type has no handler, or whose
 * handler says it can never apply (`PermanentMessageError`), or that its type's publisher did not
 * send, is parked at once. Queues, bindings and consumer are declared again after every
 * reconnection.
 *
 * Resolves once consuming; rejects if that has not happened within `startTimeoutMs` (broker down,
 * or the queue exists with other arguments).
 */
export async function startInboxConsumer(options: InboxConsumerOptions): Promise<InboxConsumer> {
  const { broker, pool, queue, handlers, retiredTypes, publishers, logger, prefetch = 16, deliveryLimit = 5 } = options;
  const { retryBaseMs = 200, retryMaxMs = 10_000, startTimeoutMs = 15_000, stopTimeoutMs = 10_000 } = options;
  const log = logger.child({ component: 'inbox-consumer', queue });
  const knownTypes = new Set(Object.entries(handlers).flatMap(([type, handler]) => (typeof handler === 'function' ? [type] : [])));
  if (knownTypes.size === 0) throw new Error(`startInboxConsumer(${queue}) needs at least one handler`);

  const stopping = new AbortController();
  const metrics = options.metrics && createConsumerMetrics(options.metrics, queue);
  const queueDepth = options.metrics && observeQueueDepth(options.metrics, broker, queue);
  const retryLater = createRetryLater({ broker, queue, deliveryLimit, retryBaseMs, retryMaxMs, logger: log, stopping: stopping.signal });
  const inFlight = new Set<Promise<void>>();
  let consuming: { channel: Channel; consumerTag: string } | undefined;

  /** Settles a delivery; `counted` says how it counts in the metrics (a requeue at stop does not). */
  const settle = (channel: Channel, message: ConsumeMessage, how: Settlement, counted?: Counted) => {
    if (counted) metrics?.settled(counted.type, counted.outcome, counted.seconds);
    try {
      if (how === 'ack') channel.ack(message);
      else channel.nack(message, false, how === 'requeue');
    } catch (error) {
      // The channel closed under us; the broker redelivers the message and the inbox dedupes it.
      log.debug({ err: error, message_id: message.properties.messageId }, 'could not settle message');
    }
  };

  // Everything about a message, this consumer's own log lines included (a retry, a parking), is
  // done for the request id its headers carry; a promise's callbacks keep the context they were
  // attached in, so the scope must hold the whole handling, not only the handler.
  const handle = (channel: Channel, message: ConsumeMessage) =>
    withRequestId(message.properties.headers?.[REQUEST_ID_HEADER], () => handleMessage(channel, message));

  const handleMessage = async (channel: Channel, message: ConsumeMessage) => {
    if (stopping.signal.aborted) return settle(channel, message, 'requeue');
    const parsed = parseEnvelope(message.content, knownTypes);
    if (!parsed.ok) {
      log.error(
        { message_id: message.properties.messageId, routing_key: message.fields.routingKey, reason: parsed.reason },
        'unprocessable message parked',
      );
      return settle(channel, message, 'park', { type: UNPARSED_TYPE, outcome: 'parked' });
    }
    const { envelope } = parsed;
    const expectedUser = publishers[EVENT_PUBLISHERS[envelope.type]];
    const userId: unknown = message.properties.userId;
    // A copy this consumer scheduled for a retry comes back from its own retry queue as published
    // by itself; its original passed this check before it was scheduled. No other user may write
    // to this consumer's retry queues with this consumer's name.
    const ownRetry = isRetriedCopy(message) && userId === broker.user;
    if (userId !== expectedUser && !ownRetry) {
      log.error(
        { message_id: envelope.id, type: envelope.type, user_id: userId ?? null, expected_user_id: expectedUser },
        'message not sent by the publisher of its type parked',
      );
      return settle(channel, message, 'park', { type: envelope.type, outcome: 'parked' });
    }
    const started = performance.now();
    try {
      const outcome = await inConsumerSpan(message, queue, () => applyOnce(pool, handlers, envelope));
      if (outcome === 'duplicate') log.debug({ message_id: envelope.id, type: envelope.type }, 'duplicate message skipped');
      settle(channel, message, 'ack', { type: envelope.type, outcome, seconds: (performance.now() - started) / 1_000 });
    } catch (error) {
      const how = await retryLater.afterFailure(message, error, { message_id: envelope.id, type: envelope.type });
      settle(channel, message, how, { type: envelope.type, outcome: how === 'park' ? 'parked' : 'retried' });
    }
  };

  const track = (work: Promise<void>) => {
    const tracked = work.catch((error: unknown) => log.error({ err: error }, 'message handling crashed'));
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
  };

  const managed = broker.openChannel(`consumer:${queue}`, async (channel) => {
    await declareConsumerQueue(channel, {
      exchange: broker.exchange,
      queue,
      routingKeys: [...knownTypes],
      retiredRoutingKeys: retiredTypes,
      deliveryLimit,
    });
    await retryLater.declare(channel);
    if (stopping.signal.aborted) return;
    await channel.prefetch(prefetch);
    const { consumerTag } = await channel.consume(
      queue,
      (message) => {
        if (message) return track(handle(channel, message));
        // The broker cancelled the consumer (queue deleted or failed over): a new channel
        // declares the queue again and consumes anew.
        log.warn('consumer cancelled by the broker; reopening');
        channel.close().catch(() => undefined);
      },
      { noAck: false },
    );
    consuming = { channel, consumerTag };
  });

  try {
    await managed.ready(startTimeoutMs);
  } catch (error) {
    await managed.close();
    await queueDepth?.close();
    throw error;
  }

  let stopped: Promise<void> | undefined;
  const stop = async () => {
    stopping.abort();
    const active = consuming;
    consuming = undefined;
    await active?.channel.cancel(active.consumerTag).catch(() => undefined);
    const timeout = new AbortController();
    const drained = Promise.allSettled([...inFlight]).then(() => timeout.abort());
    await Promise.race([drained, sleep(stopTimeoutMs, timeout.signal)]);
    if (inFlight.size > 0) log.warn({ in_flight: inFlight.size }, 'stopped with messages in flight; they will be redelivered');
    // Closing the channel returns whatever is still unacked to the queue.
    await managed.close();
    await queueDepth?.close();
  };

  return {
    stop() {
      stopped ??= stop();
      return stopped;
    },
  };
}
