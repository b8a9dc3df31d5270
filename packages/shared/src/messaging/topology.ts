import type { Channel } from 'amqplib';

/** The dead-letter exchange that belongs to `exchange`. */
export const deadLetterExchangeOf = (exchange: string): string => `${exchange}.dlx`;

/** The queue where the messages `queue` gave up on are parked for a person to look at. */
export const parkingQueueOf = (queue: string): string => `${queue}.dead`;

/**
 * The queue where a message of `queue` waits out the `step`-th wait of its backoff (0 the first)
 * before it goes back to `queue`.
 */
export const retryQueueOf = (queue: string, step: number): string => `${queue}.retry.${step}`;

/** Declares the event exchange and its dead-letter exchange; idempotent. */
export async function declareExchanges(channel: Channel, exchange: string): Promise<void> {
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertExchange(deadLetterExchangeOf(exchange), 'topic', { durable: true });
}

export interface ConsumerQueue {
  exchange: string;
  queue: string;
  routingKeys: readonly string[];
  /** Keys the queue was bound to by an earlier version and is no longer: unbound at each declaration. */
  retiredRoutingKeys?: readonly string[];
  deliveryLimit: number;
}

/** Arguments of a consuming service's queue; changing any of them later needs a policy, not code. */
export function consumerQueueArguments({ exchange, queue, deliveryLimit }: ConsumerQueue): Record<string, unknown> {
  return {
    'x-queue-type': 'quorum',
    'x-delivery-limit': deliveryLimit,
    'x-dead-letter-exchange': deadLetterExchangeOf(exchange),
    'x-dead-letter-routing-key': queue,
    // The broker keeps a dead-lettered message until the parking queue confirms it, instead of
    // dropping it if the parking queue is briefly unavailable. Requires reject-publish overflow.
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
  };
}

/**
 * Arguments of a retry queue of `queue`: nothing consumes it; each message carries its wait as
 * its TTL (`expiration`), and when that runs out the broker dead-letters it to `queue` through the
 * default exchange (whose routing key is a queue's name), at least once, like the parking.
 */
export function retryQueueArguments(queue: string): Record<string, unknown> {
  return {
    'x-queue-type': 'quorum',
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': queue,
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
  };
}

/**
 * Declares a consumer's quorum queue bound to each routing key (and to none of the retired ones:
 * bindings outlive the code that made them), and its parking queue bound to the dead-letter
 * exchange; idempotent, so it runs again after every reconnection.
 */
export async function declareConsumerQueue(channel: Channel, spec: ConsumerQueue): Promise<void> {
  const deadLetterExchange = deadLetterExchangeOf(spec.exchange);
  const parkingQueue = parkingQueueOf(spec.queue);
  await declareExchanges(channel, spec.exchange);
  await channel.assertQueue(parkingQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(parkingQueue, deadLetterExchange, spec.queue);
  await channel.assertQueue(spec.queue, { durable: true, arguments: consumerQueueArguments(spec) });
  for (const key of spec.routingKeys) await channel.bindQueue(spec.queue, spec.exchange, key);
  for (const key of spec.retiredRoutingKeys ?? []) await channel.unbindQueue(spec.queue, spec.exchange, key);
}
