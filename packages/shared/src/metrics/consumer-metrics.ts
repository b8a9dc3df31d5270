import { Counter, Histogram, type Registry } from 'prom-client';
import type { Broker } from '../messaging/broker';
import { parkingQueueOf } from '../messaging/topology';
import { LATENCY_BUCKETS } from './metrics-registry';
import { gaugesOfReading } from './scrape-reading';

/**
 * What became of a delivery: its effect committed (`applied`), it had been applied before
 * (`duplicate`), it failed and waits for a retry (`retried`), or it was dead-lettered to the
 * parking queue `<queue>.dead` (`parked`).
 */
export type ConsumerOutcome = 'applied' | 'duplicate' | 'retried' | 'parked';

/** The type label of a message that could not be parsed: its claimed type is not trusted. */
export const UNPARSED_TYPE = 'unparsed';

export interface ConsumerMetrics {
  /** Counts one settled delivery; `seconds` (handling time) when a handler ran. */
  settled(type: string, outcome: ConsumerOutcome, seconds?: number): void;
}

/**
 * `ticres_consumer_messages_total{queue, type, outcome}` and
 * `ticres_consumer_handling_seconds{queue, type}` (time to apply a message, its transaction
 * included).
 */
export function createConsumerMetrics(registry: Registry, queue: string): ConsumerMetrics {
  const messages = new Counter({
    name: 'ticres_consumer_messages_total',
    help: 'Messages the inbox consumer settled, by type and outcome (applied, duplicate, retried, parked).',
    labelNames: ['queue', 'type', 'outcome'],
    registers: [registry],
  });
  const handling = new Histogram({
    name: 'ticres_consumer_handling_seconds',
    help: 'Time to apply one message, its transaction included.',
    labelNames: ['queue', 'type'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return {
    settled(type, outcome, seconds) {
      messages.inc({ queue, type, outcome });
      if (seconds !== undefined) handling.observe({ queue, type }, seconds);
    },
  };
}

export interface QueueDepthObserver {
  close(): Promise<void>;
}

/**
 * The depth of the consumer's queue and of its parking queue, asked of the broker at scrape time
 * (a passive declare each, on a channel of its own): `ticres_consumer_queue_messages{queue}`
 * (ready messages: the consumer's lag) and `ticres_consumer_parked_messages{queue}` (dead-lettered
 * messages waiting for a person). Left out of a scrape while the broker is unreachable.
 */
export function observeQueueDepth(registry: Registry, broker: Broker, queue: string): QueueDepthObserver {
  const channel = broker.openChannel(`metrics:${queue}`, async () => undefined);
  const read = async () => {
    const open = channel.current();
    if (!open) throw new Error('no channel to the broker');
    const [ready, parked] = await Promise.all([open.checkQueue(queue), open.checkQueue(parkingQueueOf(queue))]);
    return { ready: ready.messageCount, parked: parked.messageCount };
  };
  gaugesOfReading(
    registry,
    read,
    [
      { name: 'ticres_consumer_queue_messages', help: "Messages ready in the consumer's queue.", valueOf: (depth) => depth.ready },
      {
        name: 'ticres_consumer_parked_messages',
        help: "Dead-lettered messages in the consumer's parking queue (<queue>.dead).",
        valueOf: (depth) => depth.parked,
      },
    ],
    { queue },
  );
  return { close: () => channel.close() };
}
