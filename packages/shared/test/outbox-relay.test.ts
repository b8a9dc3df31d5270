import { connect, type ConsumeMessage } from 'amqplib';
import { createBroker, enqueueEvent, newId, startOutboxRelay, withTransaction, type Broker, type OutboxRelay, type OutboxRelayOptions } from '../src';
import { deleteTestTopology, testAmqpUrl, testBrokerNames } from '../src/testing';
import { captureMessages, type Capture } from './support/amqp';
import { lockBroker } from './support/broker-lock';
import { testLogger } from './support/logger';
import { createMessagingDatabase, type MessagingDatabase } from './support/messaging-database';
import { enqueueCancellation, insertAsAnotherProcess, pendingIds } from './support/outbox';
import { waitUntil } from './support/wait';

describe('outbox and relay', () => {
  const url = testAmqpUrl();
  const { exchange } = testBrokerNames();
  const logger = testLogger();
  let db: MessagingDatabase;
  let broker: Broker;
  let capture: Capture;
  const relays: OutboxRelay[] = [];
  const brokers: Broker[] = [];

  const relay = (options: Partial<OutboxRelayOptions> = {}): OutboxRelay => {
    const started = startOutboxRelay({ pool: db.pool, schema: db.schema, broker, logger, pollIntervalMs: 60_000, ...options });
    relays.push(started);
    return started;
  };
  const received = (id: string) => (messages: ConsumeMessage[]) => messages.some((message) => message.properties.messageId === id);

  let unlockBroker: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    unlockBroker = await lockBroker('shared');
    db = await createMessagingDatabase();
    broker = createBroker({ url, exchange, logger });
    await broker.ready();
  });

  beforeEach(async () => {
    capture = await captureMessages(url, exchange);
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((started) => started.stop()));
    await capture.close();
    await db.pool.query('TRUNCATE outbox');
  });

  afterAll(async () => {
    await Promise.all(brokers.map((other) => other.close()));
    await broker.close();
    await deleteTestTopology(url, { exchange, queues: [] });
    await db.close();
    await unlockBroker?.();
  });

  it("stores an event exactly as given, whether written with its transaction's COMMIT or on its own outside one", async () => {
    const reason = `it's a "test" \\ with $1, a tab\t, a new line\n, ünïcödé, 🎫 and '); DROP TABLE outbox; --`;
    const event = (eventId: string) => ({
      type: 'event.cancelled' as const,
      aggregateId: eventId,
      data: { event_id: eventId, reason, cancelled_at: '2026-12-02T10:00:00.000Z' },
    });
    const [inside, outside] = [newId(), newId()];
    const insideId = await withTransaction(db.pool, async (tx) => {
      const query = jest.spyOn(tx, 'query');
      const id = await enqueueEvent(tx, event(inside));
      expect(query).not.toHaveBeenCalled();
      query.mockRestore();
      return id;
    });
    const outsideId = await enqueueEvent(db.pool, event(outside));
    const { rows } = await db.pool.query(
      `SELECT id, type, version, aggregate_id, payload FROM outbox WHERE id = ANY($1::uuid[]) ORDER BY aggregate_id = $2 DESC`,
      [[insideId, outsideId], inside],
    );
    expect(rows).toEqual([
      { id: insideId, type: 'event.cancelled', version: 1, aggregate_id: inside, payload: event(inside).data },
      { id: outsideId, type: 'event.cancelled', version: 1, aggregate_id: outside, payload: event(outside).data },
    ]);
  });

  it('never publishes rows of a transaction that rolled back', async () => {
    const started = relay();
    await expect(
      withTransaction(db.pool, async (tx) => {
        await enqueueEvent(tx, {
          type: 'event.cancelled',
          aggregateId: newId(),
          data: { event_id: newId(), reason: 'rolled back', cancelled_at: new Date().toISOString() },
        });
        throw new Error('abort the business transaction');
      }),
    ).rejects.toThrow('abort');
    const committed = await enqueueCancellation(db.pool);

    expect(await started.flush()).toBeLessThanOrEqual(1);
    await capture.waitFor(received(committed));
    expect(capture.ids()).toEqual([committed]);
  });

  it('publishes a committed row as a persistent message with the outbox id, routed by type, in the envelope', async () => {
    const started = relay();
    const eventId = newId();
    const cancelledAt = '2030-05-01T10:00:00.000Z';
    const id = await withTransaction(db.pool, (tx) =>
      enqueueEvent(tx, { type: 'event.cancelled', aggregateId: eventId, data: { event_id: eventId, reason: 'storm', cancelled_at: cancelledAt } }),
    );
    await started.flush();
    await capture.waitFor(received(id));

    const [message] = capture.messages;
    const { rows } = await db.pool.query<{ created_at: Date }>('SELECT created_at FROM outbox WHERE id = $1', [id]);
    const createdAt = rows[0]!.created_at;
    expect(message!.fields).toMatchObject({ exchange, routingKey: 'event.cancelled' });
    expect(message!.properties).toMatchObject({
      messageId: id,
      deliveryMode: 2,
      contentType: 'application/json',
      type: 'event.cancelled',
      timestamp: Math.floor(createdAt.getTime() / 1000),
    });
    expect(JSON.parse(message!.content.toString('utf8'))).toEqual({
      id,
      type: 'event.cancelled',
      version: 1,
      occurred_at: createdAt.toISOString(),
      aggregate_id: eventId,
      data: { event_id: eventId, reason: 'storm', cancelled_at: cancelledAt },
    });
  });

  it('marks a row published only after the broker confirmed it: a late nack leaves it pending', async () => {
    // A broker whose confirms come when the test says, so the relay has to wait for them.
    let verdict: 'ack' | 'nack' = 'nack';
    let decide!: () => void;
    const decided = new Promise<void>((resolve) => (decide = resolve));
    let published!: () => void;
    const publishCalled = new Promise<void>((resolve) => (published = resolve));
    const started = relay({
      broker: {
        ...broker,
        async publish(messages) {
          published();
          await decided;
          if (verdict === 'nack') throw new Error('nacked by the broker');
          await broker.publish(messages);
        },
      },
    });
    try {
      const id = await enqueueCancellation(db.pool);
      await publishCalled;
      expect(await pendingIds(db.pool)).toEqual([id]);

      decide(); // nack
      // flush runs after the round that got the nack; it gets one too, unless that round
      // already marked the row without waiting for the verdict.
      await expect(started.flush()).rejects.toThrow('nacked by the broker');
      expect(await pendingIds(db.pool)).toEqual([id]);
      expect(capture.messages).toEqual([]);

      verdict = 'ack';
      await started.flush();
      expect(await pendingIds(db.pool)).toEqual([]);
      await capture.waitFor(received(id));
    } finally {
      decide(); // a failed assertion must not leave a round waiting forever
    }
  });

  it('recovers after the broker closes its channel (exchange deleted), without losing the row', async () => {
    // Holds the relay's own rounds back while the test re-binds its capture queue.
    let gate = Promise.resolve();
    let openGate: () => void = () => undefined;
    const started = relay({
      broker: {
        ...broker,
        async publish(messages) {
          await gate;
          await broker.publish(messages);
        },
      },
    });
    const connection = await connect(url);
    try {
      await (await connection.createChannel()).deleteExchange(exchange);

      const id = await enqueueCancellation(db.pool);
      await expect(started.flush()).rejects.toThrow(); // 404 closes the confirm channel
      gate = new Promise((resolve) => (openGate = resolve));
      expect(await pendingIds(db.pool)).toEqual([id]);

      await broker.ready(); // a new channel, which declared the exchange again
      await (await connection.createChannel()).checkExchange(exchange);
      await capture.close();
      capture = await captureMessages(url, exchange);
      openGate();
      await started.flush();
      await capture.waitFor(received(id));
      expect(await pendingIds(db.pool)).toEqual([]);
    } finally {
      openGate();
      await connection.close().catch(() => undefined);
    }
  });

  it('is woken by the commit of an outbox row in its process, long before its poll interval', async () => {
    // After this first round the relay waits for its 60 s poll, or for a commit.
    await relay({ pollIntervalMs: 60_000 }).flush();

    const id = await enqueueCancellation(db.pool);
    await capture.waitFor(received(id), 5_000);
  });

  it('falls back to polling for a row no commit in its process announced', async () => {
    await relay({ pollIntervalMs: 300 }).flush();

    const silent = await insertAsAnotherProcess(db.pool);
    await capture.waitFor(received(silent), 5_000);
  });

  it('with two relays on one table, publishes each of 500 rows exactly once', async () => {
    const otherBroker = createBroker({ url, exchange, logger });
    brokers.push(otherBroker);
    await otherBroker.ready();
    const published = new Map<Broker, number>();
    const counting = (target: Broker): Broker => ({
      ...target,
      async publish(messages) {
        await target.publish(messages);
        published.set(target, (published.get(target) ?? 0) + messages.length);
      },
    });
    relay({ broker: counting(broker), batchSize: 20, pollIntervalMs: 200 });
    relay({ broker: counting(otherBroker), batchSize: 20, pollIntervalMs: 200 });

    const ids = (
      await Promise.all(
        Array.from({ length: 50 }, () =>
          withTransaction(db.pool, async (tx) => {
            const batch: string[] = [];
            for (let i = 0; i < 10; i++) {
              const eventId = newId();
              batch.push(
                await enqueueEvent(tx, {
                  type: 'event.cancelled',
                  aggregateId: eventId,
                  data: { event_id: eventId, reason: 'load', cancelled_at: new Date().toISOString() },
                }),
              );
            }
            return batch;
          }),
        ),
      )
    ).flat();

    const expected = new Set(ids);
    await capture.waitFor((messages) => new Set(messages.map((m) => m.properties.messageId)).size >= expected.size, 20_000);
    await waitUntil(async () => (await pendingIds(db.pool)).length === 0, { what: 'all rows marked published' });
    // A duplicate would have been published before its row was marked; a marker sent on each
    // relay's channel after that arrives behind anything either relay published before.
    const markers = [newId(), newId()];
    await Promise.all(
      [broker, otherBroker].map((target, index) =>
        target.publish([{ routingKey: 'test.marker', body: Buffer.from('{}'), options: { messageId: markers[index] } }]),
      ),
    );
    await capture.waitFor((messages) => markers.every((marker) => received(marker)(messages)));

    const events = capture.ids().filter((id) => !markers.includes(id));
    expect(events).toHaveLength(500);
    expect(new Set(events)).toEqual(expected);
    // Both relays took part, so the count above says something about sharing the table.
    expect(published.get(broker)).toBeGreaterThan(0);
    expect(published.get(otherBroker)).toBeGreaterThan(0);
    expect((published.get(broker) ?? 0) + (published.get(otherBroker) ?? 0)).toBe(500);
  });
});
