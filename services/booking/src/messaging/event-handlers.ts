import type { EventHandler, EventHandlers, Logger, PoolClient } from '@ticres/shared';
import type { ApplyEventSnapshot, SnapshotStore } from '../usecases/apply-event-snapshot';
import type { CancelEventBookings, CancelEventStore } from '../usecases/cancel-event-bookings';
import type { ConfirmPayment, ConfirmPaymentStore } from '../usecases/confirm-payment';
import type { RefundBooking, RefundBookingStore } from '../usecases/refund-booking';

export interface EventHandlerDeps {
  applyEventSnapshot: ApplyEventSnapshot;
  cancelEventBookings: CancelEventBookings;
  confirmPayment: ConfirmPayment;
  refundBooking: RefundBooking;
  /** The repositories of the consumer's transaction: every write of a handler goes through it. */
  storeOf: (tx: PoolClient) => SnapshotStore & CancelEventStore & ConfirmPaymentStore & RefundBookingStore;
  /** Called in the transaction of a payment that turned its booking PAID. */
  onConfirmed: (tx: PoolClient) => void;
  logger: Logger;
}

/**
 * The events booking consumes, for `startInboxConsumer` (which applies each once and binds the
 * queue to exactly these types): catalog's event.* and payment's booking.paid / booking.refunded.
 */
export function createEventHandlers(deps: EventHandlerDeps): EventHandlers {
  const { applyEventSnapshot, cancelEventBookings, confirmPayment, refundBooking, storeOf, onConfirmed, logger } = deps;
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
      logger.info(
        {
          event_id: envelope.data.event_id,
          bookings_cancelled: outcome.bookingsCancelled,
          seats_voided: outcome.seatsVoided,
          payments_rejected: outcome.paymentsRejected,
        },
        'event cancelled',
      );
    },
    'booking.paid': async (envelope, tx) => {
      const outcome = await confirmPayment(storeOf(tx), envelope.data);
      if (outcome.kind === 'confirmed') onConfirmed(tx);
      const fields = { booking_id: envelope.data.booking_id, transaction_id: envelope.data.transaction_id };
      if (outcome.kind === 'rejected') logger.warn({ ...fields, reason: outcome.reason }, 'payment rejected; payment will refund it');
      else logger.info({ ...fields, outcome: outcome.kind }, 'payment applied');
    },
    'booking.refunded': async (envelope, tx) => {
      const outcome = await refundBooking(storeOf(tx), envelope.data);
      const fields = { booking_id: envelope.data.booking_id, transaction_id: envelope.data.transaction_id, refund_id: envelope.data.refund_id };
      logger.info({ ...fields, outcome: outcome.kind }, 'refund applied');
    },
  };
}
