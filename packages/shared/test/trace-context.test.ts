import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import {
  createBroker,
  enqueueEvent,
  newId,
  startInboxConsumer,
  startOutboxRelay,
  withTransaction,
  type Broker,
  type InboxConsumer,
  type OutboxRelay,
} from '../src';
import { deleteTestTopology, testAmqpUrl, testBrokerNames, testPublisherUsers } from '../src/testing';
import { captureMessages, type Capture } from './support/amqp';
import { lockBroker } from './support/broker-lock';
import { testLogger } from './support/logger';
import { createMessagingDatabase, type MessagingDatabase } from './support/messaging-database';
import { waitUntil } from './support/wait';

describe('trace context through the outbox and the broker', () => {
  const url = testAmqpUrl();
  const { exchange, queuePrefix } = testBrokerNames();
  const queue = `${queuePrefix}traced`;
  const logger = testLogger();
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let db: MessagingDatabase;
  let broker: Broker;
  let relay: OutboxRelay;
  let consumer: InboxConsumer;
  let capture: Capture;
  let handled: (seen: { spanId: string; traceId: string }) => void;
  const handlerSaw = new Promise<{ spanId: string; traceId: string }>((resolve) => (handled = resolve));

  let unlockBroker: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    unlockBroker = await lockBroker('shared');
    provider.register(); // W3C trace-context propagator and an async-hooks context manager
    db = await createMessagingDatabase();
    broker = createBroker({ url, exchange, logger });
    await broker.ready();
    capture = await captureMessages(url, exchange);
    relay = startOutboxRelay({ pool: db.pool, schema: db.schema, broker, logger, pollIntervalMs: 60_000 });
    consumer = await startInboxConsumer({
      broker,
      pool: db.pool,
      queue,
      logger,
      publishers: testPublisherUsers(url),
      handlers: {
        'event.cancelled': async () => {
          const active = trace.getActiveSpan()?.spanContext();
          if (active) handled({ spanId: active.spanId, traceId: active.traceId });
        },
      },
    });
  });

  afterAll(async () => {
    await consumer.stop();
    await relay.stop();
    await capture.close();
    await broker.close();
    await deleteTestTopology(url, { exchange, queues: [queue] });
    await db.close();
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
    await unlockBroker?.();
  });

  it('carries the traceparent of the request from the outbox row through a producer span to the consumer span', async () => {
    const tracer = trace.getTracer('test');
    const request = await tracer.startActiveSpan('POST /events/:id/cancel', async (span) => {
      const eventId = newId();
      const id = await withTransaction(db.pool, (tx) =>
        enqueueEvent(tx, {
          type: 'event.cancelled',
          aggregateId: eventId,
          data: { event_id: eventId, reason: 'traced', cancelled_at: new Date().toISOString() },
        }),
      );
      span.end();
      return { id, spanContext: span.spanContext() };
    });
    const traceparent = `00-${request.spanContext.traceId}-${request.spanContext.spanId}-01`;

    const { rows } = await db.pool.query('SELECT headers FROM outbox WHERE id = $1', [request.id]);
    expect(rows[0].headers).toEqual({ traceparent });

    await relay.flush();
    const finished = (kind: SpanKind) => exporter.getFinishedSpans().find((span) => span.kind === kind);
    // The relay's publish: a PRODUCER span in the request's trace, ended at the broker's confirm.
    const producer = finished(SpanKind.PRODUCER);
    expect(producer?.parentSpanContext?.spanId).toBe(request.spanContext.spanId);
    expect(producer?.spanContext().traceId).toBe(request.spanContext.traceId);
    expect(producer?.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.operation.type': 'send',
      'messaging.destination.name': exchange,
      'messaging.rabbitmq.destination.routing_key': 'event.cancelled',
      'messaging.message.id': request.id,
    });
    await capture.waitFor((messages) => messages.length > 0);
    expect(capture.messages[0]!.properties.headers).toMatchObject({
      traceparent: `00-${request.spanContext.traceId}-${producer!.spanContext().spanId}-01`,
    });

    const seen = await handlerSaw;
    await waitUntil(() => finished(SpanKind.CONSUMER) !== undefined, { what: 'the consumer span to end' }); // it ends after COMMIT
    const consumerSpan = finished(SpanKind.CONSUMER)!;
    expect(seen.traceId).toBe(request.spanContext.traceId);
    expect(consumerSpan.spanContext().spanId).toBe(seen.spanId);
    expect(consumerSpan.parentSpanContext?.spanId).toBe(producer!.spanContext().spanId);
    expect(consumerSpan.attributes).toMatchObject({ 'messaging.operation.type': 'process', 'messaging.consumer.group.name': queue });
  });
});
