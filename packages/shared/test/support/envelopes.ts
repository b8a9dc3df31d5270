import { newId, type EventEnvelope } from '../../src';

/** A well-formed `event.cancelled` envelope, as the relay would publish it. */
export function cancellationEnvelope(reason = 'test'): EventEnvelope<'event.cancelled'> {
  const eventId = newId();
  return {
    id: newId(),
    type: 'event.cancelled',
    version: 1,
    occurred_at: new Date().toISOString(),
    aggregate_id: eventId,
    data: { event_id: eventId, reason, cancelled_at: new Date().toISOString() },
  };
}

export const body = (envelope: object): Buffer => Buffer.from(JSON.stringify(envelope));
