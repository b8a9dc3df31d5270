import type { Booking } from '../domain/booking';
import { bookingPayloads, type EventSummaries, type Outbox } from './booking-events';
import type { PaymentRejections } from './confirm-payment';

export interface CancelEventStore {
  events: EventSummaries & { markCancelled(eventId: string): Promise<void> };
  bookings: {
    cancelPendingOfEvent(eventId: string): Promise<Booking[]>;
    deactivateItems(bookingIds: readonly string[]): Promise<void>;
  };
  bookingPayments: PaymentRejections & {
    paidOfEvent(eventId: string): Promise<Array<{ id: string; userId: string; transactionId: string }>>;
  };
  seats: { voidUnsold(eventId: string): Promise<number> };
  outbox: Outbox;
}

export interface EventCancellationOutcome {
  bookingsCancelled: number;
  seatsVoided: number;
  /** PAID bookings whose money this asked payment to refund (each transaction once, ever). */
  paymentsRejected: number;
}

/** Applies `event.cancelled` inside the consumer's transaction. */
export type CancelEventBookings = (store: CancelEventStore, eventId: string) => Promise<EventCancellationOutcome>;

/**
 * The booking side of the cancellation saga: the event turns cancelled (so no hold, claim or
 * payment confirmation succeeds after this commits; confirmations in flight finish first, since
 * they lock the event row in share mode), every seat not sold turns void, and every PENDING
 * booking of it, claimed ones included, turns CANCELLED with `booking.cancelled` (reason
 * `event_cancelled`).
 *
 * Holds do not lock the event row (thousands run at once at an on-sale); the seats order them
 * against this instead. Voiding locks every available or held seat, so it waits for each hold in
 * flight that has locked seats of the event, and a hold that comes later finds its seats void.
 * Only then are the PENDING bookings read, in a statement of their own that sees every hold the
 * voiding waited for: no hold commits a booking this misses. PAID bookings keep their sold seats until `booking.refunded`; each gets
 * `booking.payment_rejected` (reason `event_cancelled`) so that a payment that raced the
 * cancellation is refunded even if payment's own event.cancelled pass missed it (payment
 * refunds a transaction once, whichever asks first).
 */
export function createCancelEventBookings(): CancelEventBookings {
  return async ({ events, bookings, bookingPayments, seats, outbox }, eventId) => {
    await events.markCancelled(eventId);
    // Before the bookings: see above.
    const seatsVoided = await seats.voidUnsold(eventId);
    const cancelled = await bookings.cancelPendingOfEvent(eventId);
    if (cancelled.length > 0) await bookings.deactivateItems(cancelled.map((booking) => booking.id));
    const payloads = await bookingPayloads(events, cancelled);
    for (const payload of payloads) {
      await outbox.enqueue('booking.cancelled', payload.booking_id, { ...payload, reason: 'event_cancelled' });
    }

    let paymentsRejected = 0;
    for (const paid of await bookingPayments.paidOfEvent(eventId)) {
      if (!(await bookingPayments.recordRejection(paid.transactionId, paid.id, 'event_cancelled'))) continue;
      await outbox.enqueue('booking.payment_rejected', paid.id, {
        booking_id: paid.id,
        user_id: paid.userId,
        event_id: eventId,
        transaction_id: paid.transactionId,
        reason: 'event_cancelled',
      });
      paymentsRejected += 1;
    }
    return { bookingsCancelled: cancelled.length, seatsVoided, paymentsRejected };
  };
}
