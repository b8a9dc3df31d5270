import type { bookingV1 } from '@ticres/proto';
import {
  createThrottledWarning,
  GATEWAY_TOKEN_METADATA,
  isGatewayToken,
  unary,
  type CallContext,
  type Logger,
  type TokenVerifier,
  type WriteLimit,
} from '@ticres/shared';
import type { CancelBooking } from '../usecases/cancel-booking';
import type { ClaimForPayment, PaymentClaimRequest } from '../usecases/claim-for-payment';
import type { GetBooking } from '../usecases/get-booking';
import type { GetEventAvailability } from '../usecases/get-event-availability';
import type { GetEventSeats } from '../usecases/get-event-seats';
import type { HoldSeats } from '../usecases/hold-seats';
import type { ListBookings } from '../usecases/list-bookings';
import type { ListMyBookings } from '../usecases/list-my-bookings';
import type { ReleasePaymentClaim } from '../usecases/release-payment-claim';
import { toProtoAvailability, toProtoBooking, toProtoBookingPage, toProtoSeat } from './to-proto';

export interface BookingHandlerDeps {
  logger: Logger;
  /** Proves the caller from the `authorization` metadata; every call but GetEventSeats and GetEventAvailability needs one. */
  verifier: TokenVerifier;
  /** Proves the caller of each write and counts a person's against WRITE_LIMIT_PER_USER. */
  writes: WriteLimit;
  holdSeats: HoldSeats;
  getBooking: GetBooking;
  cancelBooking: CancelBooking;
  listMyBookings: ListMyBookings;
  listBookings: ListBookings;
  getEventSeats: GetEventSeats;
  getEventAvailability: GetEventAvailability;
  claimForPayment: ClaimForPayment;
  releasePaymentClaim: ReleasePaymentClaim;
}

const paymentClaimOf = (request: bookingV1.ClaimForPaymentRequest__Output): PaymentClaimRequest => ({
  bookingId: request.booking_id,
  paymentId: request.payment_id,
  userId: request.user_id,
});

/** `ticres.booking.v1.BookingService`: decode, call the use case, encode. Errors map in `unary`. */
export function createBookingHandlers(deps: BookingHandlerDeps): bookingV1.BookingServiceHandlers {
  const { logger, verifier, writes } = deps;
  const verify = (token: string | undefined) => verifier.verify(token);
  // Any direct caller can provoke it, once per call: logged once a minute at most.
  const warnIgnoredAddress = createThrottledWarning(logger);

  /**
   * Whom the seats are held for, as the anti-hoarding rules count it: the address the request
   * names when the gateway vouches for it (its own token in GATEWAY_TOKEN_METADATA), otherwise the
   * caller's own, so a direct caller cannot spread its holds over invented addresses.
   */
  const clientAddressOf = async (claimed: string, context: CallContext): Promise<string> => {
    if (!claimed) return context.callerAddress;
    const vouching = context.metadata.get(GATEWAY_TOKEN_METADATA)[0];
    if (await isGatewayToken(verify, typeof vouching === 'string' ? vouching : undefined)) return claimed;
    // The claimed value is not logged: it is the caller's input.
    warnIgnoredAddress(
      { caller: context.callerAddress, vouched: vouching !== undefined },
      'hold: client address ignored (not vouched for by the gateway)',
    );
    return context.callerAddress;
  };
  return {
    GetEventSeats: unary(logger, async (request: bookingV1.GetEventSeatsRequest__Output): Promise<bookingV1.SeatList> => {
      const { seatCount, seats } = await deps.getEventSeats(request.event_id);
      return { seats: seats?.map(toProtoSeat) ?? [], seat_count: seatCount, seats_omitted: seats === undefined };
    }),

    GetEventAvailability: unary(logger, async (request: bookingV1.GetEventAvailabilityRequest__Output): Promise<bookingV1.EventAvailability> => {
      const answer = await deps.getEventAvailability({ eventId: request.event_id, knownEtags: request.known_etags });
      return toProtoAvailability(answer);
    }),

    HoldSeats: unary(logger, async (request: bookingV1.HoldSeatsRequest__Output, context) => {
      const caller = await writes.person(context.token);
      const booking = await deps.holdSeats(caller, {
        eventId: request.event_id,
        seatIds: request.seat_ids,
        quantity: request.quantity,
        section: request.section,
        idempotencyKey: request.idempotency_key,
        clientAddress: await clientAddressOf(request.client_address, context),
      });
      return toProtoBooking(booking);
    }),

    GetBooking: unary(logger, async (request: bookingV1.GetBookingRequest__Output, context) => {
      const caller = await verifier.verifyUser(context.token);
      return toProtoBooking(await deps.getBooking(caller, request.id));
    }),

    CancelBooking: unary(logger, async (request: bookingV1.CancelBookingRequest__Output, context) => {
      const caller = await writes.person(context.token);
      return toProtoBooking(await deps.cancelBooking(caller, request.id));
    }),

    ListMyBookings: unary(logger, async (request: bookingV1.ListMyBookingsRequest__Output, context) => {
      const caller = await verifier.verifyUser(context.token);
      return toProtoBookingPage(await deps.listMyBookings(caller, { page: request.page, limit: request.limit }));
    }),

    ListBookings: unary(logger, async (request: bookingV1.ListBookingsRequest__Output, context) => {
      const caller = await verifier.verifyUser(context.token);
      const page = await deps.listBookings(caller, {
        status: request.status,
        eventId: request.event_id,
        sort: request.sort,
        page: request.page,
        limit: request.limit,
      });
      return toProtoBookingPage(page);
    }),

    // Payment's own token only: a person calling directly is refused FORBIDDEN by the use case, uncounted.
    ClaimForPayment: unary(logger, async (request: bookingV1.ClaimForPaymentRequest__Output, context) => {
      const caller = await verify(context.token);
      return toProtoBooking(await deps.claimForPayment(caller, paymentClaimOf(request)));
    }),

    ReleasePaymentClaim: unary(logger, async (request: bookingV1.ReleasePaymentClaimRequest__Output, context) => {
      const caller = await verify(context.token);
      return toProtoBooking(await deps.releasePaymentClaim(caller, paymentClaimOf(request)));
    }),
  };
}
