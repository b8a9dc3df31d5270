import { eventTypesPublishedBy, PUBLISHING_SERVICES, type PublishingService } from './event-publishers';
import { deadLetterExchangeOf, parkingQueueOf } from './topology';

/** Every service that connects to the broker, each as a user of its own. */
export const BROKER_SERVICES = ['catalog', 'booking', 'payment', 'notifier'] as const;
export type BrokerService = (typeof BROKER_SERVICES)[number];

/** The services that consume events, each from a queue of its own. */
export const CONSUMING_SERVICES = ['booking', 'payment', 'notifier'] as const;
export type ConsumingService = (typeof CONSUMING_SERVICES)[number];

export interface BrokerLayout {
  /** The event exchange (`AMQP_EXCHANGE`); its dead-letter exchange is `<exchange>.dlx`. */
  exchange: string;
  /** Each consuming service's queue (`AMQP_QUEUE`); its parking queue is `<queue>.dead`. */
  queues: Readonly<Record<ConsumingService, string>>;
}

/**
 * A broker user's rights on the vhost (regular expressions over resource names, as RabbitMQ takes
 * them) and, on the event exchange, over the routing keys it may publish.
 */
export interface BrokerPermissions {
  configure: string;
  write: string;
  read: string;
  /** Topic permission on the event exchange: the routing keys this user may publish. */
  topicWrite: string;
  /** Topic permission on the dead-letter exchange: only its own queue's name (see below). */
  deadLetterTopicWrite: string;
}

/** Matches nothing a service names (RabbitMQ's idiom for "no right"). */
const NOTHING = '^$';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Exactly these names, and names matching these patterns (regular expressions). */
const exactly = (names: readonly string[], patterns: readonly string[] = []) => {
  const alternatives = [...names.map(escapeRegExp), ...patterns];
  return alternatives.length === 0 ? NOTHING : `^(${alternatives.join('|')})$`;
};

/** Where a consumer's retry copies wait (`<queue>.retry.<n>`, see `createRetryLater`). */
const retryQueuesOf = (queue: string) => `${escapeRegExp(queue)}\\.retry\\.[0-9]+`;
/** The default exchange, through which a consumer sends retry copies and its retry queues return them. */
const DEFAULT_EXCHANGE = 'amq.default';

const isPublisher = (service: BrokerService): service is PublishingService => (PUBLISHING_SERVICES as readonly string[]).includes(service);
const isConsumer = (service: BrokerService): service is ConsumingService => (CONSUMING_SERVICES as readonly string[]).includes(service);

/**
 * The least a service needs for what `createBroker`, `startOutboxRelay` and `startInboxConsumer`
 * do: declare the two exchanges (configure), publish its own event types to the exchange (write,
 * and the topic permission), declare, bind and consume its own queue and parking queue (configure,
 * write on the queues, read on the exchanges it binds from and on the queue it consumes). Declaring
 * a queue that dead-letters needs write on the dead-letter exchange; the topic permission there
 * narrows that to the routing key of its own parking queue. A consumer also declares its retry
 * queues and writes to the default exchange, through which its retry copies go and come back (a
 * copy there carries the consumer's own user, which only its own retries are accepted with).
 * Nothing on another service's queue;
 * no routing key it does not own; notifier may publish no event at all.
 */
export function brokerPermissionsOf(service: BrokerService, layout: BrokerLayout): BrokerPermissions {
  const deadLetterExchange = deadLetterExchangeOf(layout.exchange);
  const exchanges = [layout.exchange, deadLetterExchange];
  const queue = isConsumer(service) ? layout.queues[service] : undefined;
  const ownQueues = queue ? [queue, parkingQueueOf(queue)] : [];
  const publishes = isPublisher(service) ? eventTypesPublishedBy(service) : [];
  const retryQueues = queue ? [retryQueuesOf(queue)] : [];
  return {
    configure: exactly([...exchanges, ...ownQueues], retryQueues),
    write: exactly(
      [...(publishes.length > 0 ? [layout.exchange] : []), ...(queue ? [deadLetterExchange, DEFAULT_EXCHANGE] : []), ...ownQueues],
      retryQueues,
    ),
    // Declaring a queue that dead-letters needs read on it: the retry queues too. Its parking queue:
    // for the dead-letter command (`dlq list|replay`), which runs as the service's own user.
    read: exactly(queue ? [...exchanges, queue, parkingQueueOf(queue)] : [], retryQueues),
    topicWrite: exactly(publishes),
    deadLetterTopicWrite: exactly(queue ? [queue] : []),
  };
}
