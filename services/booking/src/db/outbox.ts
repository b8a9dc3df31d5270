import { enqueueEvent, type Queryable } from '@ticres/shared';
import type { Outbox } from '../usecases/booking-events';

/** The outbox of the transaction `tx` belongs to. */
export function createOutbox(tx: Queryable): Outbox {
  return {
    async enqueue(type, aggregateId, data) {
      await enqueueEvent(tx, { type, aggregateId, data });
    },
  };
}
