import { inspect } from 'node:util';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import type { ConsumeMessage } from 'amqplib';

export type MessageHeaders = Record<string, unknown>;

/** Reads W3C trace headers from AMQP headers or an outbox row, whose values may not be strings. */
export const headerGetter: TextMapGetter<MessageHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    const value = carrier[key];
    if (typeof value === 'string') return value;
    if (Buffer.isBuffer(value)) return value.toString('utf8');
    return undefined;
  },
};

/** The headers the outbox keeps: only the trace itself, never baggage a request may carry. */
export const TRACE_HEADERS = ['traceparent', 'tracestate'] as const;

const tracer = trace.getTracer('@ticres/shared/messaging');

const headerSetter: TextMapSetter<MessageHeaders> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

/** What the broker publishes of a message, for its span. */
export interface PublishedMessage {
  exchange: string;
  routingKey: string;
  headers: MessageHeaders | undefined;
  messageId: string | undefined;
}

export interface ProducerSpan {
  /** The message's headers with this span as the `traceparent`: the consumer's parent. */
  headers: MessageHeaders;
  /** Ends the span at the broker's confirm; an error (a nack, a lost channel) marks it failed. */
  end(error?: unknown): void;
}

/**
 * Starts the PRODUCER span of one message (OpenTelemetry messaging conventions, operation `send`)
 * as a child of the trace its headers carry (the request that wrote the outbox row), so the trace
 * runs from the request through the relay's publish to each consumer.
 */
export function startProducerSpan(message: PublishedMessage): ProducerSpan {
  const headers = { ...message.headers };
  const parent = propagation.extract(ROOT_CONTEXT, headers, headerGetter);
  const span = tracer.startSpan(
    `publish ${message.routingKey}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'rabbitmq',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'publish',
        'messaging.destination.name': message.exchange,
        'messaging.rabbitmq.destination.routing_key': message.routingKey,
        'messaging.message.id': message.messageId ?? '',
      },
    },
    parent,
  );
  propagation.inject(trace.setSpan(parent, span), headers, headerSetter);
  return {
    headers,
    end(error) {
      if (error) {
        span.recordException(error instanceof Error ? error : new Error(inspect(error)));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    },
  };
}

/**
 * Runs `work` in a CONSUMER span whose parent is the trace the message headers carry, so the
 * handler's queries, logs and the events it enqueues continue the producer's trace.
 */
export function inConsumerSpan<T>(message: ConsumeMessage, queue: string, work: () => Promise<T>): Promise<T> {
  const parent = propagation.extract(context.active(), message.properties.headers ?? {}, headerGetter);
  const attributes = {
    'messaging.system': 'rabbitmq',
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.destination.name': message.fields.exchange,
    'messaging.rabbitmq.destination.routing_key': message.fields.routingKey,
    'messaging.consumer.group.name': queue,
    'messaging.message.id': String(message.properties.messageId ?? ''),
  };
  return tracer.startActiveSpan(`process ${message.fields.routingKey}`, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
