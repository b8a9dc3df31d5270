import { connect } from 'amqplib';
import {
  createBroker,
  PermanentMessageError,
  startInboxConsumer,
  type Broker,
  type EventHandler,
  type InboxConsumer,
  type InboxConsumerOptions,
} from '../src';
import { deleteTestTopology, testAmqpUrl, testBrokerNames, testPublisherUsers } from '../src/testing';
import { openRawPublisher, readyCount, takeOne, type RawPublisher } from './support/amqp';
import { body, cancellationEnvelope } from './support/envelopes';
import { lockBroker } from './support/broker-lock';
import { testLogger } from './support/logger';
import { createMessagingDatabase, type MessagingDatabase } from './support/messaging-database';
import { waitUntil } from './support/wait';

// The handlers' effect: a row per application, with no key, so applying twice shows as two rows.
const EFFECT_TABLES = /* sql */ `
  CREATE TABLE effects (message_id uuid NOT NULL, consumer text NOT NULL);
  CREATE TABLE parents (id uuid PRIMARY KEY);
  CREATE TABLE children (parent_id uuid NOT NULL REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED);
`;

describe('inbox consumer', () => {
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
  const effectsOf = async (id: string) =>
    Number((await db.pool.query('SELECT count(*) FROM effects WHERE message_id = $1', [id])).rows[0].count);
  const publish = (envelope: object, routingKey = 'event.cancelled', messageId?: string) =>
    publisher.publish(exchange, routingKey, body(envelope), { messageId: messageId ?? (envelope as { id?: string }).id });
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

  it('declares its quorum queue with a delivery limit and dead-lettering, and a parking queue', async () => {
    const queue = newQueue();
    await consume({ queue, handlers: { 'event.cancelled': recordEffect() } });
    const connection = await connect(url);
    try {
      const channel = await connection.createChannel();
      // Re-declaring with the same arguments succeeds; any other argument would be a 406.
      await channel.assertQueue(queue, {
        durable: true,
        arguments: {
          'x-queue-type': 'quorum',
          'x-delivery-limit': 5,
          'x-dead-letter-exchange': `${exchange}.dlx`,
          'x-dead-letter-routing-key': queue,
          'x-dead-letter-strategy': 'at-least-once',
          'x-overflow': 'reject-publish',
        },
      });
      await channel.checkQueue(`${queue}.dead`);
      // One retry queue per wait of the backoff ladder (10 ms doubling up to the 10 s default
      // maximum: 10 steps of 10 ms .. 5.12 s, then 10 s), each dead-lettering back to the queue.
      for (let step = 0; step <= 10; step += 1) {
        await channel.assertQueue(`${queue}.retry.${step}`, {
          durable: true,
          arguments: {
            'x-queue-type': 'quorum',
            'x-dead-letter-exchange': '',
            'x-dead-letter-routing-key': queue,
            'x-dead-letter-strategy': 'at-least-once',
            'x-overflow': 'reject-publish',
          },
        });
      }
      channel.on('error', () => undefined);
      await expect(channel.checkQueue(`${queue}.retry.11`)).rejects.toThrow(/NOT_FOUND/);
    } finally {
      await connection.close();
    }
  });

  it('applies a message delivered twice once', async () => {
    const queue = newQueue();
    await consume({ queue, handlers: { 'event.cancelled': recordEffect() } });
    const envelope = cancellationEnvelope();

    await publish(envelope);
    await waitUntil(async () => (await effectsOf(envelope.id)) > 0, { what: 'first delivery applied' });
    await publish(envelope);
    await waitUntil(async () => (await readyCount(url, queue)) === 0, { what: 'second delivery taken' });

    await stopAndExpectDrained(queue);
    expect(await effectsOf(envelope.id)).toBe(1);
  });

  it('applies copies delivered to two consumers at the same time once', async () => {
    const queue = newQueue();
    const slowEffect =
      (name: string): EventHandler<'event.cancelled'> =>
      async (event, tx) => {
        await tx.query('SELECT pg_sleep(0.05)'); // widens the window in which copies overlap
        await recordEffect(name)(event, tx);
      };
    await consume({ queue, prefetch: 8, handlers: { 'event.cancelled': slowEffect('a') } });
    await consume({ broker: otherBroker, queue, prefetch: 8, handlers: { 'event.cancelled': slowEffect('b') } });
    const envelopes = Array.from({ length: 10 }, () => cancellationEnvelope());

    await Promise.all(envelopes.flatMap((envelope) => Array.from({ length: 5 }, () => publish(envelope))));
    const ids = envelopes.map((envelope) => envelope.id);
    await waitUntil(
      async () =>
        Number(
          (await db.pool.query('SELECT count(DISTINCT message_id) FROM effects WHERE message_id = ANY($1)', [ids])).rows[0]
            .count,
        ) === envelopes.length,
      { what: 'every message applied' },
    );
    await waitUntil(async () => (await readyCount(url, queue)) === 0, { what: 'every copy taken' });

    await stopAndExpectDrained(queue);
    const { rows } = await db.pool.query<{ message_id: string; n: string }>(
      'SELECT message_id, count(*) AS n FROM effects WHERE message_id = ANY($1) GROUP BY message_id',
      [ids],
    );
    expect(rows).toHaveLength(envelopes.length);
    expect(rows.filter((row) => row.n !== '1')).toEqual([]);
    const appliedBy = await db.pool.query('SELECT DISTINCT consumer FROM effects WHERE message_id = ANY($1)', [ids]);
    expect(appliedBy.rowCount).toBe(2); // both consumers took part
  });

  it('retries a failing handler with growing backoff until it succeeds, applying it once', async () => {
    const queue = newQueue();
    const callTimes: number[] = [];
    await consume({
      queue,
      retryBaseMs: 150,
      handlers: {
        'event.cancelled': async (event, tx) => {
          callTimes.push(Date.now());
          await recordEffect()(event, tx);
          if (callTimes.length < 3) throw new Error(`transient failure ${callTimes.length}`); // rolls the effect back
        },
      },
    });
    const envelope = cancellationEnvelope();

    await publish(envelope);
    await waitUntil(async () => (await effectsOf(envelope.id)) > 0, { what: 'success after retries' });
    await stopAndExpectDrained(queue);
    expect(callTimes).toHaveLength(3);
    expect(await effectsOf(envelope.id)).toBe(1);
    // 150 ms * 2^x-delivery-count: 150 ms before the first redelivery, 300 ms before the second.
    const [first = 0, second = 0, third = 0] = callTimes;
    expect(second - first).toBeGreaterThanOrEqual(150);
    expect(third - second).toBeGreaterThanOrEqual(300);
  });

  it('parks a message whose handler always fails after its last retry', async () => {
    const { queue, counter } = await consumeCounting(
      async () => {
        throw new Error('a failure that does not pass');
      },
      { deliveryLimit: 2 },
    );
    const envelope = cancellationEnvelope();

    await publish(envelope);
    await waitUntil(async () => (await readyCount(url, `${queue}.dead`)) === 1, { timeoutMs: 20_000, what: 'parked' });
    const parked = await takeOne(url, `${queue}.dead`);
    expect(parked?.properties.messageId).toBe(envelope.id);
    expect(parked?.properties.headers?.['ticres-retries']).toBe(2);
    expect(counter.calls).toBe(3); // the first delivery plus deliveryLimit retries
    expect(await readyCount(url, queue)).toBe(0);
    const { rows } = await db.pool.query('SELECT 1 FROM inbox WHERE message_id = $1', [envelope.id]);
    expect(rows).toEqual([]); // every failed attempt rolled its inbox row back
  });

  it.each<[string, EventHandler<'event.cancelled'>]>([
    [
      'throws PermanentMessageError',
      async (event) => {
        throw new PermanentMessageError(`no such event ${event.data.event_id}`);
      },
    ],
    [
      'fails on data Postgres refuses (SQLSTATE class 22)',
      async (event, tx) => {
        await tx.query('INSERT INTO parents (id) VALUES ($1)', [event.data.reason]); // not a UUID: 22P02
      },
    ],
  ])('parks at once, without retrying, a message whose handler %s', async (_, handler) => {
    const { queue, counter } = await consumeCounting(handler);
    const envelope = cancellationEnvelope('not-a-uuid');

    await publish(envelope);
    await waitUntil(async () => (await readyCount(url, `${queue}.dead`)) === 1, { what: 'parked' });
    const parked = await takeOne(url, `${queue}.dead`);
    expect(parked?.properties.messageId).toBe(envelope.id);
    expect(parked?.properties.headers?.['x-first-death-reason']).toBe('rejected');
    expect(parked?.properties.headers?.['ticres-retries']).toBeUndefined();
    expect(counter.calls).toBe(1);
  });

  describe('a flood of 50 poison messages, then normal traffic', () => {
    const POISON = 50;
    const poisonFlood = () => Array.from({ length: POISON }, () => cancellationEnvelope('poison'));
    const normalTraffic = () => Array.from({ length: 10 }, () => cancellationEnvelope('normal'));
    const appliedCount = async (envelopes: { id: string }[]) =>
      Number(
        (await db.pool.query('SELECT count(*) FROM effects WHERE message_id = ANY($1)', [envelopes.map((e) => e.id)])).rows[0].count,
      );

    it('applies the normal traffic while the poison waits for its retries outside the prefetch window, then parks the poison', async () => {
      const queue = newQueue();
      const poisonCalls = new Map<string, number>();
      await consume({
        queue,
        prefetch: 4,
        // Each poison message fails three times: 1 s and 2 s of waiting, then parked, about 3 s
        // after the flood. Held in their prefetch slots instead, 50 of them would take 4 slots
        // for at least 12 s before any normal message got one.
        retryBaseMs: 1_000,
        retryMaxMs: 2_000,
        deliveryLimit: 2,
        handlers: {
          'event.cancelled': async (event, tx) => {
            if (event.data.reason === 'poison') {
              poisonCalls.set(event.id, (poisonCalls.get(event.id) ?? 0) + 1);
              throw new Error('a dependency is failing for this message');
            }
            await recordEffect()(event, tx);
          },
        },
      });
      const poison = poisonFlood();
      const normal = normalTraffic();

      for (const envelope of poison) await publish(envelope);
      for (const envelope of normal) await publish(envelope);
      await waitUntil(async () => (await appliedCount(normal)) === normal.length, { timeoutMs: 30_000, what: 'normal traffic applied' });
      // Applied before the poison's retries ran out: not one poison message is parked yet.
      expect(await readyCount(url, `${queue}.dead`)).toBe(0);

      await waitUntil(async () => (await readyCount(url, `${queue}.dead`)) === POISON, { timeoutMs: 30_000, what: 'poison parked' });
      expect([...poisonCalls.values()]).toEqual(Array.from({ length: POISON }, () => 3));
      await stopAndExpectDrained(queue);
      expect(await appliedCount(poison)).toBe(0);
    });

    it('parks poison that can never apply at once, and applies the normal traffic', async () => {
      const queue = newQueue();
      let poisonCalls = 0;
      await consume({
        queue,
        prefetch: 4,
        retryBaseMs: 1_000,
        handlers: {
          'event.cancelled': async (event, tx) => {
            if (event.data.reason === 'poison') {
              poisonCalls += 1;
              throw new PermanentMessageError(`no such event ${event.data.event_id}`);
            }
            await recordEffect()(event, tx);
          },
        },
      });
      const normal = normalTraffic();

      for (const envelope of poisonFlood()) await publish(envelope);
      for (const envelope of normal) await publish(envelope);
      await waitUntil(async () => (await appliedCount(normal)) === normal.length, { what: 'normal traffic applied' });
      await waitUntil(async () => (await readyCount(url, `${queue}.dead`)) === POISON, { what: 'poison parked' });
      expect(poisonCalls).toBe(POISON); // each tried once, none retried
      await stopAndExpectDrained(queue);
    });
  });

  it('parks a body that is not JSON without calling any handler', async () => {
    const queue = newQueue();
    let calls = 0;
    await consume({
      queue,
      handlers: {
        'event.cancelled': async () => {
          calls += 1;
        },
      },
    });

    await publisher.publish(exchange, 'event.cancelled', Buffer.from('{"id": not json'), { messageId: 'garbage' });
    await waitUntil(async () => (await readyCount(url, `${queue}.dead`)) === 1, { what: 'parked' });
    const parked = await takeOne(url, `${queue}.dead`);
    expect(parked?.properties.messageId).toBe('garbage');
    // Rejected at once, not retried until the delivery limit gave up on it.
    expect(parked?.properties.headers?.['x-first-death-reason']).toBe('rejected');
    expect(calls).toBe(0);
  });

  it('parks an envelope of a type it has no handler for', async () => {
    const queue = newQueue();
    let calls = 0;
    await consume({
      queue,
      handlers: {
        'event.cancelled': async () => {
          calls += 1;
        },
      },
    });

    await publish({ ...cancellationEnvelope(), type: 'event.updated' });
    await waitUntil(async () => (await readyCount(url, `${queue}.dead`)) === 1, { what: 'parked' });
    expect((await takeOne(url, `${queue}.dead`))?.properties.headers?.['x-first-death-reason']).toBe('rejected');
    expect(calls).toBe(0);
  });

  describe('accepts a type only from its publisher', () => {
    // The raw publisher connects as the test broker's user, whose user_id the broker vouches for.
    const brokerUser = testPublisherUsers(url).catalog;

    it.each([
      ['whose user_id is another service\'s user', { catalog: 'ticres-catalog-elsewhere' }, {}],
      ['that carries no user_id', {}, { userId: undefined }],
    ])('parks an event.cancelled %s, unapplied', async (_name, publishers, options) => {
      const queue = newQueue();
      await consume({
        queue,
        handlers: { 'event.cancelled': recordEffect() },
        publishers: { ...testPublisherUsers(url), ...publishers },
      });
      const envelope = cancellationEnvelope();

      await publisher.publish(exchange, 'event.cancelled', body(envelope), { messageId: envelope.id, ...options });
      await waitUntil(async () => (await readyCount(url, `${queue}.dead`)) === 1, { what: 'parked' });
      const parked = await takeOne(url, `${queue}.dead`);
      expect(parked?.properties.messageId).toBe(envelope.id);
      expect(parked?.properties.headers?.['x-first-death-reason']).toBe('rejected');
      expect(await effectsOf(envelope.id)).toBe(0);
    });

    it('applies it when user_id is its publisher\'s user', async () => {
      const queue = newQueue();
      await consume({
        queue,
        handlers: { 'event.cancelled': recordEffect() },
        publishers: { catalog: brokerUser, booking: 'ticres-booking-elsewhere', payment: 'ticres-payment-elsewhere' },
      });
      const envelope = cancellationEnvelope();

      await publish(envelope);
      await waitUntil(async () => (await effectsOf(envelope.id)) === 1, { what: 'applied' });
    });
  });

  it('acks only after commit: a transaction that fails at COMMIT is redelivered, not lost', async () => {
    const queue = newQueue();
    let calls = 0;
    await consume({
      queue,
      handlers: {
        'event.cancelled': async (event, tx) => {
          calls += 1;
          // The deferred foreign key is only checked at COMMIT: the first attempt fails there.
          if (calls > 1) await tx.query('INSERT INTO parents (id) VALUES ($1)', [event.aggregate_id]);
          await tx.query('INSERT INTO children (parent_id) VALUES ($1)', [event.aggregate_id]);
        },
      },
    });
    const envelope = cancellationEnvelope();

    await publish(envelope);
    await waitUntil(
      async () => (await db.pool.query('SELECT 1 FROM children WHERE parent_id = $1', [envelope.aggregate_id])).rowCount === 1,
      { what: 'applied on redelivery' },
    );
    expect(calls).toBe(2);
  });

  it('does not ack a message whose handler swallowed a failed query (aborted transaction)', async () => {
    const queue = newQueue();
    let calls = 0;
    await consume({
      queue,
      handlers: {
        'event.cancelled': async (event, tx) => {
          calls += 1;
          if (calls === 1) {
            await tx.query('SELECT 1 / 0').catch(() => undefined); // the transaction is now aborted
            return;
          }
          await recordEffect()(event, tx);
        },
      },
    });
    const envelope = cancellationEnvelope();

    await publish(envelope);
    await waitUntil(async () => (await effectsOf(envelope.id)) === 1, { what: 'applied on redelivery' });
    expect(calls).toBe(2);
  });
});
