import type { AuthProto, BookingProto, bookingV1 } from '@ticres/proto';
import {
  AppError,
  createGrpcClient,
  createTokenVerifier,
  loadProto,
  newId,
  PAYMENT_SERVICE,
  requireService,
  startGrpcServer,
  unary,
  type Logger,
} from '@ticres/shared';

export interface FakeBooking {
  id: string;
  userId: string;
  eventId: string;
  status: 'PENDING' | 'PAID' | 'EXPIRED' | 'CANCELLED' | 'REFUNDED';
  totalCents: number;
  currency: string;
  expiresAt: Date;
  claim: { paymentId: string; until: Date } | undefined;
  /** Grants every claim, as if each earlier one had lapsed: lets two charges race to the database. */
  claimsLapseAtOnce?: boolean;
}

export interface FakeBookingServer {
  port: number;
  bookings: Map<string, FakeBooking>;
  /** Adds a PENDING booking of `userId`; an `expiresAt` in the past makes it expired. */
  addBooking(userId: string, overrides?: Partial<FakeBooking>): FakeBooking;
  /** Payment ids each ClaimForPayment granted. */
  grantedClaims: string[];
  stop(): Promise<void>;
}

/**
 * The booking service's two payment RPCs over an in-memory table, as booking's contract states
 * them: only payment's own token is accepted (verified with auth's keys), a booking not the paying
 * user's is NOT_FOUND, an expired one BOOKING_EXPIRED, a paid one ALREADY_PAID, and only one
 * payment's claim is fresh at a time (CONFLICT for the others).
 */
export async function startFakeBookingServer({ authUrl, logger, claimTtlMs = 120_000 }: { authUrl: string; logger: Logger; claimTtlMs?: number }) {
  const auth = createGrpcClient(loadProto<AuthProto>('auth').ticres.auth.v1.AuthService, authUrl, 5_000);
  const verifier = createTokenVerifier({
    issuer: 'ticres-auth',
    audience: 'ticres',
    algorithm: 'EdDSA',
    loadKeys: async () => (await auth.call.GetPublicKeys({})).keys,
  });
  const bookings = new Map<string, FakeBooking>();
  const grantedClaims: string[] = [];

  const toProto = (booking: FakeBooking): bookingV1.Booking => ({
    id: booking.id,
    user_id: booking.userId,
    event_id: booking.eventId,
    status: booking.status,
    seats: [],
    total_cents: booking.totalCents,
    currency: booking.currency,
    expires_at: booking.expiresAt.toISOString(),
  });

  const payersBooking = async (token: string | undefined, request: bookingV1.ClaimForPaymentRequest__Output) => {
    requireService(await verifier.verify(token), [PAYMENT_SERVICE]);
    const booking = bookings.get(request.booking_id);
    if (!booking || booking.userId !== request.user_id) throw new AppError('NOT_FOUND', 'No such booking.');
    return booking;
  };

  const implementation = {
    ClaimForPayment: unary(logger, async (request: bookingV1.ClaimForPaymentRequest__Output, context) => {
      const booking = await payersBooking(context.token, request);
      const now = new Date();
      if (booking.status === 'PAID' || booking.status === 'REFUNDED') throw new AppError('ALREADY_PAID', 'The booking is paid already.');
      if (booking.status === 'EXPIRED' || booking.expiresAt <= now) throw new AppError('BOOKING_EXPIRED', 'The booking has expired.');
      if (booking.status !== 'PENDING') throw new AppError('CONFLICT', `The booking is ${booking.status}.`);
      if (booking.claim && !booking.claimsLapseAtOnce && booking.claim.paymentId !== request.payment_id && booking.claim.until > now) {
        throw new AppError('CONFLICT', 'Another payment for this booking is in progress.');
      }
      booking.claim = { paymentId: request.payment_id, until: new Date(now.getTime() + claimTtlMs) };
      grantedClaims.push(request.payment_id);
      return toProto(booking);
    }),
    ReleasePaymentClaim: unary(logger, async (request: bookingV1.ReleasePaymentClaimRequest__Output, context) => {
      const booking = await payersBooking(context.token, request);
      if (booking.claim?.paymentId === request.payment_id) booking.claim = undefined;
      return toProto(booking);
    }),
  };

  const server = await startGrpcServer('127.0.0.1:0', [
    {
      name: 'ticres.booking.v1.BookingService',
      definition: loadProto<BookingProto>('booking').ticres.booking.v1.BookingService.service,
      implementation,
    },
  ]);

  return {
    port: server.port,
    bookings,
    grantedClaims,
    addBooking(userId: string, overrides: Partial<FakeBooking> = {}) {
      const booking: FakeBooking = {
        id: newId(),
        userId,
        eventId: newId(),
        status: 'PENDING',
        totalCents: 250_000,
        currency: 'IDR',
        expiresAt: new Date(Date.now() + 15 * 60_000),
        claim: undefined,
        ...overrides,
      };
      bookings.set(booking.id, booking);
      return booking;
    },
    async stop() {
      await server.shutdown(1_000);
      auth.close();
    },
  } satisfies FakeBookingServer;
}
