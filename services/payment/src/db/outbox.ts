import { enqueueEvent, type Queryable } from '@ticres/shared';
import type { Outbox } from '../usecases/payment-events';

/** The outbox of the transaction `tx` belongs to. Events are keyed by their booking. */
export function createOutbox(tx: Queryable): Outbox {
  return {
    async enqueue(type, aggregateId, data) {
      await enqueueEvent(tx, { type, aggregateId, data });
    },
  };
}
