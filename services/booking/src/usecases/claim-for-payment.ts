import { isUuid, validationError, type FieldError, type Principal } from '@ticres/shared';
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
}

export type ClaimForPayment = (caller: Principal, request: PaymentClaimRequest) => Promise<Booking>;

/** Both ids must be UUIDs; returns them lower-cased. */
export function parsePaymentClaim({ bookingId, paymentId }: PaymentClaimRequest): PaymentClaimRequest {
  const fields: FieldError[] = [];
  if (!isUuid(bookingId)) fields.push({ field: 'booking_id', message: 'must be a UUID' });
  if (!isUuid(paymentId)) fields.push({ field: 'payment_id', message: 'must be a UUID' });
  if (fields.length > 0) throw validationError(fields);
  return { bookingId: bookingId.toLowerCase(), paymentId: paymentId.toLowerCase() };
}

/** Why the claim's conditional update changed nothing, in the order a caller can act on. */
function refusal(state: ClaimState | undefined, caller: Principal): Error {
  if (!state || state.userId !== caller.userId) return bookingNotFound();
  if (state.status === 'PAID') return bookingAlreadyPaid();
  if (isLapsed(state, state.now)) return bookingExpired();
  if (state.status !== 'PENDING') return bookingNotPayable(state.status);
  const reason = unavailabilityReason(state.event, state.now);
  if (reason) return eventNotAvailable(reason);
  // Another payment's fresh claim; or the state moved between the update and this read: retry.
  return bookingClaimedByAnotherPayment();
}

/**
 * The payment service, on behalf of the paying user, claims that user's booking for one payment
 * before charging: the booking must be PENDING and unexpired, its event on sale, and no other
 * payment may hold a fresh claim. The claim lasts `claimTtlSeconds`; meanwhile the expiry
 * sweeper leaves the booking alone, so a charge that succeeds can still confirm it. The same
 * payment claiming again extends its claim. Refusals: NOT_FOUND (not the caller's, admins
 * included), ALREADY_PAID, BOOKING_EXPIRED, EVENT_NOT_AVAILABLE, CONFLICT (cancelled, refunded,
 * or claimed by another payment).
 */
export function createClaimForPayment({ bookingPayments, claimTtlSeconds }: ClaimForPaymentPorts): ClaimForPayment {
  return async (caller, input) => {
    const { bookingId, paymentId } = parsePaymentClaim(input);
    const claimed = await bookingPayments.claimForPayment(bookingId, caller.userId, paymentId, claimTtlSeconds);
    if (claimed) return claimed;
    throw refusal(await bookingPayments.findClaimState(bookingId), caller);
  };
}
