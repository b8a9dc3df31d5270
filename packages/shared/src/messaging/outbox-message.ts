import type { OutgoingMessage } from './broker';
import type { EventEnvelope, EventType } from './events';

/** An outbox row as the relay reads it. */
export interface OutboxRow {
  id: string;
  type: string;
  version: number;
  aggregate_id: string;
  payload: unknown;
  headers: Record<string, unknown>;
  created_at: Date;
}

/** The envelope and AMQP properties of one outbox row; the routing key is the event type. */
export function toOutgoingMessage(row: OutboxRow): OutgoingMessage {
  const envelope: EventEnvelope = {
    id: row.id,
    type: row.type as EventType,
    version: row.version,
    occurred_at: row.created_at.toISOString(),
    aggregate_id: row.aggregate_id,
    data: row.payload as EventEnvelope['data'],
  };
  return {
    routingKey: row.type,
    body: Buffer.from(JSON.stringify(envelope)),
    options: {
      persistent: true,
      contentType: 'application/json',
      messageId: row.id,
      type: row.type,
      // AMQP timestamps are whole seconds; occurred_at in the body keeps the milliseconds.
      timestamp: Math.floor(row.created_at.getTime() / 1000),
      headers: row.headers,
    },
  };
}
