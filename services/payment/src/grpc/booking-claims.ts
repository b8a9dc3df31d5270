import type { bookingV1 } from '@ticres/proto';
import type { GrpcClient, ServiceTokenSource } from '@ticres/shared';
import type { BookingClaims } from '../usecases/charge-booking';

/** Booking's ClaimForPayment / ReleasePaymentClaim, called with payment's own token for the paying user. */
export function createBookingClaims(booking: GrpcClient<bookingV1.BookingServiceClient>, tokens: ServiceTokenSource): BookingClaims {
  return {
    async claim(bookingId, paymentId, userId) {
      const request = { booking_id: bookingId, payment_id: paymentId, user_id: userId };
      const claimed = await booking.call.ClaimForPayment(request, { token: await tokens.token() });
      return {
        id: claimed.id,
        userId: claimed.user_id,
        eventId: claimed.event_id,
        totalCents: Number(claimed.total_cents),
        currency: claimed.currency,
      };
    },
    async release(bookingId, paymentId, userId) {
      const request = { booking_id: bookingId, payment_id: paymentId, user_id: userId };
      await booking.call.ReleasePaymentClaim(request, { token: await tokens.token() });
    },
  };
}
