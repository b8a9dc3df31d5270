import { PermanentMessageError, type PaymentPayload } from '@ticres/shared';
import type { Booking, BookingStatus } from '../domain/booking';
import { judgePayment, type PaymentRejectionReason } from '../domain/payment';
import { bookingPayloads, type EventSummaries, type Outbox } from './booking-events';

/** What a captured payment is judged against, read under the booking's row lock. */
export interface PaymentState {
  userId: string;
  eventId: string;
  status: BookingStatus;
  transactionId: string | null;
}

export interface PaymentRejections {
  /** False when this transaction was refused before: its rejection is on its way already. */
  recordRejection(transactionId: string, bookingId: string, reason: PaymentRejectionReason): Promise<boolean>;
}

export interface ConfirmPaymentStore {
  events: EventSummaries & {
    /** Locks the event in share mode: its cancellation waits for this, or this sees it. */
    lockStatus(eventId: string): Promise<string | undefined>;
  };
  bookingPayments: PaymentRejections & {
    findEventId(bookingId: string): Promise<string | undefined>;
    lockPaymentState(bookingId: string): Promise<PaymentState | undefined>;
    /** PENDING -> PAID by this transaction; undefined when it was not PENDING. */
    markPaid(bookingId: string, transactionId: string): Promise<Booking | undefined>;
  };
  seats: { sellHeld(bookingId: string): Promise<number> };
  outbox: Outbox;
}

export type PaymentOutcome = { kind: 'confirmed' } | { kind: 'already_applied' } | { kind: 'rejected'; reason: PaymentRejectionReason };

/** Applies `booking.paid` inside the consumer's transaction. */
export type ConfirmPayment = (store: ConfirmPaymentStore, payment: PaymentPayload) => Promise<PaymentOutcome>;

/**
 * A charge succeeded. A PENDING booking of a live event turns PAID with this transaction, its
 * held seats sold and `booking.confirmed` recorded. A booking that can no longer be confirmed
 * (expired, cancelled, its event cancelled, or paid by another transaction) keeps its state and
 * seats, and `booking.payment_rejected` asks payment to refund, once per transaction. The
 * transaction that paid it already changes nothing.
 *
 * Locks the event (share), then the booking, then its seats: the order of a hold and of the
 * event's cancellation, so none of them deadlock with this, and whichever of this, the expiry
 * sweeper and the cancellation gets the booking first decides its fate; the others see that.
 */
export function createConfirmPayment(): ConfirmPayment {
  return async ({ events, bookingPayments, seats, outbox }, payment) => {
    const bookingId = payment.booking_id.toLowerCase();
    const eventId = await bookingPayments.findEventId(bookingId);
    // Payment charged for a booking it claimed here, so the booking cannot appear later: an unknown
    // one is a bug to look at (parked), not to drop, nor to retry while it holds up other messages.
    if (!eventId) throw new PermanentMessageError(`booking.paid for unknown booking ${bookingId}`);
    const eventStatus = await events.lockStatus(eventId);
    const state = (await bookingPayments.lockPaymentState(bookingId))!;

    const verdict = judgePayment(
      { status: state.status, transactionId: state.transactionId, eventCancelled: eventStatus === 'cancelled' },
      payment.transaction_id,
    );
    if (verdict.kind === 'already_applied') return verdict;
    if (verdict.kind === 'reject') {
      if (await bookingPayments.recordRejection(payment.transaction_id, bookingId, verdict.reason)) {
        await outbox.enqueue('booking.payment_rejected', bookingId, {
          booking_id: bookingId,
          user_id: state.userId,
          event_id: eventId,
          transaction_id: payment.transaction_id,
          reason: verdict.reason,
        });
      }
      return { kind: 'rejected', reason: verdict.reason };
    }

    // The row is locked and was PENDING, so the conditional update applies.
    const paid = await bookingPayments.markPaid(bookingId, payment.transaction_id);
    if (!paid) throw new Error(`booking ${bookingId} left PENDING under its row lock`);
    const sold = await seats.sellHeld(bookingId);
    // A PENDING booking holds every seat it lists; anything else would sell a seat it lost.
    if (sold !== paid.seats.length) throw new Error(`booking ${bookingId} held ${sold} of its ${paid.seats.length} seats`);
    const [payload] = await bookingPayloads(events, [paid]);
    await outbox.enqueue('booking.confirmed', bookingId, { ...payload!, transaction_id: payment.transaction_id });
    return { kind: 'confirmed' };
  };
}
