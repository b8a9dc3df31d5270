import { enqueueEvent, type Queryable } from '@ticres/shared';
import type { EventOutbox } from '../usecases/ports';
import { toEventSnapshot } from './event-snapshot';

/** The use cases' outbox, writing rows through `tx`: they commit or roll back with the event row. */
export function createEventOutbox(tx: Queryable): EventOutbox {
  return {
    async created(event) {
      await enqueueEvent(tx, { type: 'event.created', aggregateId: event.id, data: toEventSnapshot(event) });
    },
    async updated(event) {
      await enqueueEvent(tx, { type: 'event.updated', aggregateId: event.id, data: toEventSnapshot(event) });
    },
    async cancelled(event) {
      if (!event.cancelledAt) throw new Error(`event ${event.id} is announced as cancelled without cancelled_at`);
      await enqueueEvent(tx, {
        type: 'event.cancelled',
        aggregateId: event.id,
        data: { event_id: event.id, reason: event.cancelReason ?? '', cancelled_at: event.cancelledAt.toISOString() },
      });
    },
  };
}
