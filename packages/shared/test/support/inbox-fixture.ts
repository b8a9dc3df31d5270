import { createBroker, startInboxConsumer, type Broker, type EventHandler, type InboxConsumer, type InboxConsumerOptions } from '../../src';
import { deleteTestTopology, testAmqpUrl, testBrokerNames, testPublisherUsers } from '../../src/testing';
import { openRawPublisher, readyCount, type RawPublisher } from './amqp';
import { body } from './envelopes';
import { lockBroker } from './broker-lock';
import { testLogger } from './logger';
import { createMessagingDatabase, type MessagingDatabase } from './messaging-database';

// The handlers' effect: a row per application, with no key, so applying twice shows as two rows.
const EFFECT_TABLES = /* sql */ `
  CREATE TABLE effects (message_id uuid NOT NULL, consumer text NOT NULL);
  CREATE TABLE parents (id uuid PRIMARY KEY);
  CREATE TABLE children (parent_id uuid NOT NULL REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED);
`;

/**
 * The inbox consumer's test bed, one per test file: a database with the handlers' effect tables,
 * two brokers on an exchange of the file's own, a raw publisher, and helpers that start consumers
 * (stopped after each test) on queues of their own. Registers its Jest hooks.
 */
export function useInboxFixture() {
  const url = testAmqpUrl();
  const { exchange, queuePrefix } = testBrokerNames();
  const logger = testLogger();
  const queues: string[] = [];
  let queueCount = 0;
  let db: MessagingDatabase;
  let broker: Broker;
  let otherBroker: Broker;
  let publisher: RawPublisher;
  const consumers: InboxConsumer[] = [];

  /** A queue of its own per test, so one test's leftovers never reach another's handlers. */
  const newQueue = () => {
    const queue = `${queuePrefix}consumer${++queueCount}`;
    queues.push(queue);
    return queue;
  };
  const consume = async (options: Partial<InboxConsumerOptions> & Pick<InboxConsumerOptions, 'queue' | 'handlers'>) => {
    const consumer = await startInboxConsumer({
      broker,
      pool: db.pool,
      logger,
      retryBaseMs: 10,
      publishers: testPublisherUsers(url),
      ...options,
    });
    consumers.push(consumer);
    return consumer;
  };
  /** A consumer of a queue of its own whose handler counts its calls, then does `work`. */
  const consumeCounting = async (work: EventHandler<'event.cancelled'>, options: Partial<InboxConsumerOptions> = {}) => {
    const queue = newQueue();
    const counter = { calls: 0 };
    const handler: EventHandler<'event.cancelled'> = async (event, tx) => {
      counter.calls += 1;
      await work(event, tx);
    };
    await consume({ queue, ...options, handlers: { 'event.cancelled': handler } });
    return { queue, counter };
  };
  const recordEffect =
    (consumer = 'a'): EventHandler<'event.cancelled'> =>
    async (event, tx) => {
      await tx.query('INSERT INTO effects (message_id, consumer) VALUES ($1, $2)', [event.id, consumer]);
    };
  const effectsOf = async (id: string) => Number((await db.pool.query('SELECT count(*) FROM effects WHERE message_id = $1', [id])).rows[0].count);
  const publish = (envelope: object, routingKey = 'event.cancelled', messageId?: string, headers?: Record<string, string>) =>
    publisher.publish(exchange, routingKey, body(envelope), { messageId: messageId ?? (envelope as { id?: string }).id, headers });
  /** Stops the consumers, then checks nothing went back to the queue: every delivery was acked. */
  const stopAndExpectDrained = async (queue: string) => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
    expect(await readyCount(url, queue)).toBe(0);
  };

  let unlockBroker: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    unlockBroker = await lockBroker('shared');
    db = await createMessagingDatabase(EFFECT_TABLES);
    broker = createBroker({ url, exchange, logger });
    otherBroker = createBroker({ url, exchange, logger });
    await Promise.all([broker.ready(), otherBroker.ready()]);
    publisher = await openRawPublisher(url);
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
  });

  afterAll(async () => {
    await publisher.close();
    await Promise.all([broker.close(), otherBroker.close()]);
    await deleteTestTopology(url, { exchange, queues });
    await db.close();
    await unlockBroker?.();
  });

  return {
    url,
    exchange,
    logger,
    consumers,
    newQueue,
    consume,
    consumeCounting,
    recordEffect,
    effectsOf,
    publish,
    stopAndExpectDrained,
    get db() {
      return db;
    },
    get broker() {
      return broker;
    },
    get otherBroker() {
      return otherBroker;
    },
    get publisher() {
      return publisher;
    },
  };
}
