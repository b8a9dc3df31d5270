import { setTimeout as delay } from 'node:timers/promises';
import { createBroker, startInboxConsumer, startOutboxRelay, type Broker, type InboxConsumer, type OutboxRelay } from '../src';
import { deleteTestTopology, testAmqpUrl, testBrokerNames, testPublisherUsers, testRabbitmqCtl } from '../src/testing';
import { portOpen } from '../src/testing/private-server';
import { lockBroker } from './support/broker-lock';
import { testLogger } from './support/logger';
import { createMessagingDatabase, type MessagingDatabase } from './support/messaging-database';
import { enqueueCancellation, pendingIds } from './support/outbox';
import { waitUntil } from './support/wait';

/*
 * This test restarts the test broker (this machine's RabbitMQ, or TEST_RABBITMQCTL's) for real
 * (`rabbitmqctl stop_app`, then `start_app`): only a real restart shows that connections come
 * back, the topology is declared again, the consumer consumes again and no outbox row is lost. The broker is shared with every other test
 * run on the machine, so this is the only test that does it, the outage lasts only as long as the
 * two commands take, and start_app also runs from afterAll should the test fail half-way.
 * Set TEST_SKIP_BROKER_RESTART=1 to skip it where the broker is not this machine's to restart.
 */
const run = process.env.TEST_SKIP_BROKER_RESTART === '1' ? describe.skip : describe;

/** True when the test broker's AMQP port accepts connections. */
const brokerPortOpen = () => portOpen(Number(new URL(testAmqpUrl()).port || 5672));

run('a broker restart in the middle of a stream of events', () => {
  const url = testAmqpUrl();
  const { exchange, queuePrefix } = testBrokerNames();
  const queue = `${queuePrefix}restart`;
  const logger = testLogger();
  let db: MessagingDatabase | undefined;
  let broker: Broker | undefined;
  let relay: OutboxRelay | undefined;
  let consumer: InboxConsumer | undefined;
  let brokerStopped = false;

  const startBroker = async () => {
    await testRabbitmqCtl(['start_app']);
    await waitUntil(brokerPortOpen, { timeoutMs: 60_000, intervalMs: 200, what: "the test broker's AMQP port" });
    brokerStopped = false;
  };

  let unlockBroker: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    unlockBroker = await lockBroker('exclusive');
    const database = await createMessagingDatabase('CREATE TABLE received (message_id uuid NOT NULL);');
    db = database;
    const connected = createBroker({ url, exchange, logger, reconnectBaseMs: 200, reconnectMaxMs: 1_000 });
    broker = connected;
    await connected.ready();
    relay = startOutboxRelay({
      pool: database.pool,
      schema: database.schema,
      broker: connected,
      logger,
      pollIntervalMs: 250,
      retryMaxMs: 1_000,
    });
    consumer = await startInboxConsumer({
      broker: connected,
      pool: database.pool,
      queue,
      logger,
      publishers: testPublisherUsers(url),
      handlers: {
        'event.cancelled': async (event, tx) => {
          await tx.query('INSERT INTO received (message_id) VALUES ($1)', [event.id]);
        },
      },
    });
  }, 120_000); // waits for the other RabbitMQ test files to let go of the broker

  afterAll(async () => {
    try {
      if (brokerStopped) await startBroker();
      await consumer?.stop();
      await relay?.stop();
      await broker?.close();
      await deleteTestTopology(url, { exchange, queues: [queue] });
      await db?.close();
    } finally {
      await unlockBroker?.();
    }
  }, 120_000);

  it('publishes every outbox row and delivers each at least once after RabbitMQ comes back', async () => {
    if (!db || !broker) throw new Error('set-up failed');
    const { pool } = db;
    const connected = broker;
    const ids: string[] = [];
    let producing = true;
    const producer = (async () => {
      while (producing) {
        ids.push(await enqueueCancellation(pool, 'restart'));
        await delay(10); // paces the stream; it is not waiting for anything
      }
    })();
    const receivedCount = async (subset: string[]) =>
      Number((await pool.query('SELECT count(DISTINCT message_id) FROM received WHERE message_id = ANY($1)', [subset])).rows[0].count);

    try {
      await waitUntil(async () => ids.length >= 30 && (await receivedCount(ids)) >= 20, { what: 'traffic before the restart' });
      brokerStopped = true;
      try {
        await testRabbitmqCtl(['stop_app']);
        expect(connected.isConnected()).toBe(false);
      } finally {
        await startBroker();
      }
      const afterRestart = ids.length;
      await waitUntil(() => ids.length >= afterRestart + 30, { what: 'rows written after the restart' });
    } finally {
      producing = false;
      await producer;
    }

    await waitUntil(async () => (await pendingIds(pool)).length === 0, {
      timeoutMs: 60_000,
      what: 'every outbox row published',
    });
    await waitUntil(async () => (await receivedCount(ids)) === ids.length, {
      timeoutMs: 60_000,
      what: 'every event received',
    });
    expect(ids.length).toBeGreaterThan(60);
  }, 180_000);
});
