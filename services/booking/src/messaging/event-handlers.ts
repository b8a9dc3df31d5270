import type { EventHandler, EventHandlers, Logger, PoolClient } from '@ticres/shared';
import type { ApplyEventSnapshot, SnapshotStore } from '../usecases/apply-event-snapshot';
import type { CancelEventBookings, CancelEventStore } from '../usecases/cancel-event-bookings';

export interface EventHandlerDeps {
  applyEventSnapshot: ApplyEventSnapshot;
  cancelEventBookings: CancelEventBookings;
  /** The repositories of the consumer's transaction: every write of a handler goes through it. */
  storeOf: (tx: PoolClient) => SnapshotStore & CancelEventStore;
  logger: Logger;
}

/** The catalog events booking consumes, for `startInboxConsumer` (which applies each once). */
export function createEventHandlers({ applyEventSnapshot, cancelEventBookings, storeOf, logger }: EventHandlerDeps): EventHandlers {
  const applySnapshot: EventHandler<'event.created' | 'event.updated'> = async (envelope, tx) => {
    const outcome = await applyEventSnapshot(storeOf(tx), envelope.data, new Date(envelope.occurred_at));
    if (outcome.duplicateLabels.length > 0) {
      logger.error(
        { event_id: envelope.data.event_id, duplicate_labels: outcome.duplicateLabels.slice(0, 20) },
        'event layout produces duplicate seat labels; the later seats were left out',
      );
    }
    if (outcome.seatsAdded > 0) logger.info({ event_id: envelope.data.event_id, seats: outcome.seatsAdded }, 'seats materialized');
  };

  return {
    'event.created': applySnapshot,
    'event.updated': applySnapshot,
    'event.cancelled': async (envelope, tx) => {
      const outcome = await cancelEventBookings(storeOf(tx), envelope.data.event_id);
      logger.info({ event_id: envelope.data.event_id, bookings_cancelled: outcome.bookingsCancelled, seats_voided: outcome.seatsVoided }, 'event cancelled');
    },
  };
}
