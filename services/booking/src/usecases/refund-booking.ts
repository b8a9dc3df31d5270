import type { PaymentPayload } from '@ticres/shared';
import type { Booking } from '../domain/booking';

export interface RefundBookingStore {
  events: { lockStatus(eventId: string): Promise<string | undefined> };
  bookingPayments: {
    findEventId(bookingId: string): Promise<string | undefined>;
    /** PAID -> REFUNDED when `transactionId` is the one that paid it. */
    markRefunded(bookingId: string, transactionId: string): Promise<Booking | undefined>;
  };
  bookings: { deactivateItems(bookingIds: readonly string[]): Promise<void> };
  seats: { unsell(bookingId: string, to: 'available' | 'void'): Promise<number> };
}

export type RefundOutcome = { kind: 'refunded'; seats: 'available' | 'void' } | { kind: 'ignored' };

/** Applies `booking.refunded` inside the consumer's transaction. */
export type RefundBooking = (store: RefundBookingStore, refund: PaymentPayload) => Promise<RefundOutcome>;

/**
 * Payment refunded a transaction. When that transaction paid the booking, PAID turns REFUNDED and
 * the seats leave it: void if the event is cancelled, back on sale otherwise. A refund of any
 * other transaction (a rejected capture of an expired, cancelled or already paid booking) changes
 * no booking. Booking writes no event of its own: payment's `booking.refunded` announces it.
 */
export function createRefundBooking(): RefundBooking {
  return async ({ events, bookingPayments, bookings, seats }, refund) => {
    const bookingId = refund.booking_id.toLowerCase();
    const eventId = await bookingPayments.findEventId(bookingId);
    if (!eventId) return { kind: 'ignored' };
    // Share lock: a cancellation in flight finishes first, so seats released here are never left on sale for it.
    const eventStatus = await events.lockStatus(eventId);
    const refunded = await bookingPayments.markRefunded(bookingId, refund.transaction_id);
    if (!refunded) return { kind: 'ignored' };
    const to = eventStatus === 'cancelled' ? 'void' : 'available';
    await bookings.deactivateItems([bookingId]);
    await seats.unsell(bookingId, to);
    return { kind: 'refunded', seats: to };
  };
}
