import type { bookingV1 } from '@ticres/proto';
import type { GrpcClient } from '@ticres/shared';
import type { BookingClaims } from '../usecases/charge-booking';

/** Booking's ClaimForPayment / ReleasePaymentClaim, called as the paying user. */
export function createBookingClaims(booking: GrpcClient<bookingV1.BookingServiceClient>): BookingClaims {
  return {
    async claim(bookingId, paymentId, token) {
      const claimed = await booking.call.ClaimForPayment({ booking_id: bookingId, payment_id: paymentId }, { token });
      return {
        id: claimed.id,
        userId: claimed.user_id,
        eventId: claimed.event_id,
        totalCents: Number(claimed.total_cents),
        currency: claimed.currency,
      };
    },
    async release(bookingId, paymentId, token) {
      await booking.call.ReleasePaymentClaim({ booking_id: bookingId, payment_id: paymentId }, { token });
    },
  };
}
