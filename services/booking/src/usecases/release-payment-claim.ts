import type { Principal } from '@ticres/shared';
import type { Booking } from '../domain/booking';
import { bookingNotFound } from '../domain/errors';
import { parsePaymentClaim, type PaymentClaimRequest } from './claim-for-payment';

export interface ReleasePaymentClaimPorts {
  bookingPayments: {
    /** Clears the claim when it is this payment's on the paying user's booking. */
    releaseClaim(id: string, userId: string, paymentId: string): Promise<Booking | undefined>;
  };
  bookings: { findById(id: string): Promise<Booking | undefined> };
}

export type ReleasePaymentClaim = (caller: Principal, request: PaymentClaimRequest) => Promise<Booking>;

/**
 * After a declined or timed-out charge the payment lets go of its claim, so the booking is
 * payable again at once (and expires on time). Idempotent: a claim that is not this payment's
 * (released already, or taken over after going stale) is left alone and the booking returned as
 * it is. Another user's booking is NOT_FOUND; any caller but the payment service, FORBIDDEN.
 */
export function createReleasePaymentClaim({ bookingPayments, bookings }: ReleasePaymentClaimPorts): ReleasePaymentClaim {
  return async (caller, input) => {
    const { bookingId, paymentId, userId } = parsePaymentClaim(caller, input);
    const released = await bookingPayments.releaseClaim(bookingId, userId, paymentId);
    if (released) return released;
    const booking = await bookings.findById(bookingId);
    if (!booking || booking.userId !== userId) throw bookingNotFound();
    return booking;
  };
}
