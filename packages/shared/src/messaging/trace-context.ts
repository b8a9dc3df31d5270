import { context, propagation, SpanKind, SpanStatusCode, trace, type TextMapGetter } from '@opentelemetry/api';
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

/**
 * Runs `work` in a CONSUMER span whose parent is the trace the message headers carry, so the
 * handler's queries, logs and the events it enqueues continue the producer's trace.
 */
export function inConsumerSpan<T>(message: ConsumeMessage, queue: string, work: () => Promise<T>): Promise<T> {
  const parent = propagation.extract(context.active(), message.properties.headers ?? {}, headerGetter);
  const attributes = {
    'messaging.system': 'rabbitmq',
    'messaging.operation.type': 'process',
    'messaging.destination.name': message.fields.exchange,
    'messaging.rabbitmq.destination.routing_key': message.fields.routingKey,
    'messaging.consumer.group.name': queue,
    'messaging.message.id': String(message.properties.messageId ?? ''),
  };
  return tracer.startActiveSpan(
    `process ${message.fields.routingKey}`,
    { kind: SpanKind.CONSUMER, attributes },
    parent,
    async (span) => {
      try {
        return await work();
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
