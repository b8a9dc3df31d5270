import { isUuid, PAYMENT_SERVICE, requireService, validationError, type FieldError, type Principal } from '@ticres/shared';
import { isLapsed, type Booking, type BookingStatus } from '../domain/booking';
import {
  bookingAlreadyPaid,
  bookingClaimedByAnotherPayment,
  bookingExpired,
  bookingNotFound,
  bookingNotPayable,
  eventNotAvailable,
} from '../domain/errors';
import { unavailabilityReason, type BookableEvent } from '../domain/event';

/** A booking, its payment claim and its event, with the database's clock to judge them by. */
export interface ClaimState {
  userId: string;
  status: BookingStatus;
  expiresAt: Date;
  claimPaymentId: string | null;
  claimedUntil: Date | null;
  event: BookableEvent;
  now: Date;
}

export interface ClaimForPaymentPorts {
  bookingPayments: {
    /** One conditional update: every condition of a claim holds, or nothing changes. */
    claimForPayment(id: string, userId: string, paymentId: string, ttlSeconds: number): Promise<Booking | undefined>;
    findClaimState(id: string): Promise<ClaimState | undefined>;
  };
  claimTtlSeconds: number;
}

export interface PaymentClaimRequest {
  bookingId: string;
  paymentId: string;
  /** The paying user, as payment verified them. */
  userId: string;
}

export type ClaimForPayment = (caller: Principal, request: PaymentClaimRequest) => Promise<Booking>;

/**
 * Only the payment service may claim or release (a person calling booking directly could
 * otherwise keep their booking from expiring); every id must be a UUID. Returns them lower-cased.
 */
export function parsePaymentClaim(caller: Principal, { bookingId, paymentId, userId }: PaymentClaimRequest): PaymentClaimRequest {
  requireService(caller, [PAYMENT_SERVICE]);
  const fields: FieldError[] = [];
  if (!isUuid(bookingId)) fields.push({ field: 'booking_id', message: 'must be a UUID' });
  if (!isUuid(paymentId)) fields.push({ field: 'payment_id', message: 'must be a UUID' });
  if (!isUuid(userId)) fields.push({ field: 'user_id', message: 'must be a UUID' });
  if (fields.length > 0) throw validationError(fields);
  return { bookingId: bookingId.toLowerCase(), paymentId: paymentId.toLowerCase(), userId: userId.toLowerCase() };
}

/** Why the claim's conditional update changed nothing, in the order a caller can act on. */
function refusal(state: ClaimState | undefined, payerId: string): Error {
  if (!state || state.userId !== payerId) return bookingNotFound();
  if (state.status === 'PAID') return bookingAlreadyPaid();
  if (isLapsed(state, state.now)) return bookingExpired();
  if (state.status !== 'PENDING') return bookingNotPayable(state.status);
  const reason = unavailabilityReason(state.event, state.now);
  if (reason) return eventNotAvailable(reason);
  // Another payment's fresh claim; or the state moved between the update and this read: retry.
  return bookingClaimedByAnotherPayment();
}

/**
 * The payment service (only), on behalf of the paying user, claims that user's booking for one payment
 * before charging: the booking must be PENDING and unexpired, its event on sale, and no other
 * payment may hold a fresh claim. The claim lasts `claimTtlSeconds`; meanwhile the expiry
 * sweeper leaves the booking alone, so a charge that succeeds can still confirm it. The same
 * payment claiming again extends its claim. Refusals: FORBIDDEN (not the payment service),
 * NOT_FOUND (not the paying user's), ALREADY_PAID, BOOKING_EXPIRED, EVENT_NOT_AVAILABLE, CONFLICT (cancelled, refunded,
 * or claimed by another payment).
 */
export function createClaimForPayment({ bookingPayments, claimTtlSeconds }: ClaimForPaymentPorts): ClaimForPayment {
  return async (caller, input) => {
    const { bookingId, paymentId, userId } = parsePaymentClaim(caller, input);
    const claimed = await bookingPayments.claimForPayment(bookingId, userId, paymentId, claimTtlSeconds);
    if (claimed) return claimed;
    throw refusal(await bookingPayments.findClaimState(bookingId), userId);
  };
}
