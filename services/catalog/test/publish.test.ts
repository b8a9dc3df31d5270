import { createBroker, type Broker, type EventEnvelope } from '@ticres/shared';
import { deleteTestTopology, testAmqpUrl } from '@ticres/shared/testing';
import { outboxRows, silentLogger } from './support/catalog-database';
import { startTestStack, type TestStack } from './support/stack';

interface Received {
  routingKey: string;
  messageId: string | undefined;
  persistent: boolean;
  envelope: EventEnvelope;
}

describe('catalog events on the exchange', () => {
  let stack: TestStack;
  let probe: Broker;
  let queue: string;
  const waiting = new Map<string, (message: Received) => void>();
  const received: Received[] = [];

  /** Resolves with the first message of `type` about `aggregateId`, however early it came. */
  function nextMessage(type: string, aggregateId: string): Promise<Received> {
    const seen = received.find((m) => m.routingKey === type && m.envelope.aggregate_id === aggregateId);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => waiting.set(`${type}/${aggregateId}`, resolve));
  }

  beforeAll(async () => {
    stack = await startTestStack();
    queue = `${stack.queuePrefix}catalog-probe`;
    probe = createBroker({ url: testAmqpUrl(), exchange: stack.exchange, logger: silentLogger });
    // The queue must be bound before the events are published: a topic exchange drops the rest.
    const channel = probe.openChannel('probe', async (ch) => {
      await ch.assertQueue(queue, { exclusive: true, autoDelete: true });
      await ch.bindQueue(queue, stack.exchange, 'event.*');
      await ch.consume(
        queue,
        (message) => {
          if (!message) return;
          const envelope = JSON.parse(message.content.toString()) as EventEnvelope;
          const entry: Received = {
            routingKey: message.fields.routingKey,
            messageId: message.properties.messageId as string | undefined,
            persistent: message.properties.deliveryMode === 2,
            envelope,
          };
          received.push(entry);
          waiting.get(`${entry.routingKey}/${envelope.aggregate_id}`)?.(entry);
        },
        { noAck: true },
      );
    });
    await channel.ready(15_000);
  });

  afterAll(async () => {
    await probe?.close();
    await stack?.stop();
    if (queue) await deleteTestTopology(testAmqpUrl(), { exchange: stack.exchange, queues: [queue] });
  });

  it('publishes event.created, persistent, with its outbox row id as message id', async () => {
    const organizer = await stack.signUp('organizer');
    const event = await stack.catalog.call.CreateEvent(
      {
        name: 'Published Night',
        location: 'Yogyakarta',
        starts_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        sections: [{ name: 'Floor', price_cents: 60_000_000, capacity: 35 }],
      },
      { token: organizer.token },
    );

    const message = await nextMessage('event.created', event.id);

    expect(message.persistent).toBe(true);
    expect(message.envelope).toEqual({
      id: message.messageId,
      type: 'event.created',
      version: 1,
      occurred_at: expect.any(String),
      aggregate_id: event.id,
      data: {
        event_id: event.id,
        name: 'Published Night',
        starts_at: event.starts_at,
        currency: 'IDR',
        status: 'available',
        organizer_id: organizer.userId,
        sections: [{ name: 'Floor', price_cents: 60_000_000, rows: 0, seats_per_row: 0, capacity: 35 }],
      },
    });
    const [row] = await outboxRows(stack.db.pool, event.id);
    expect(message.messageId).toBe(row?.id);
  });

  it('publishes event.cancelled when an admin cancels', async () => {
    const organizer = await stack.signUp('organizer');
    const admin = await stack.signUp('admin');
    const event = await stack.catalog.call.CreateEvent(
      {
        name: 'Cancelled Night',
        location: 'Semarang',
        starts_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        sections: [{ name: 'Floor', price_cents: 1, capacity: 1 }],
      },
      { token: organizer.token },
    );
    await stack.catalog.call.CancelEvent({ id: event.id, reason: 'Artist ill' }, { token: admin.token });

    const message = await nextMessage('event.cancelled', event.id);
    expect(message.envelope.data).toEqual({ event_id: event.id, reason: 'Artist ill', cancelled_at: expect.stringMatching(/Z$/) });
  });
});
