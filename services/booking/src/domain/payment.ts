import type { EventDataByType } from '@ticres/shared';
import type { BookingStatus } from './booking';

/**
 * Why a captured payment cannot confirm its booking; payment refunds it. `already_paid` is a
 * second capture for a booking another transaction paid (invariant 2).
 */
export type PaymentRejectionReason = EventDataByType['booking.payment_rejected']['reason'];

/** What `booking.paid` does to a booking: confirm it, nothing (seen already), or refuse the money. */
export type PaymentVerdict = { kind: 'confirm' } | { kind: 'already_applied' } | { kind: 'reject'; reason: PaymentRejectionReason };

export interface PayableState {
  status: BookingStatus;
  /** The transaction that paid it, once PAID. */
  transactionId: string | null;
  eventCancelled: boolean;
}

/**
 * Judges a successful charge against the booking as it is now. A PENDING booking is confirmed
 * even past its deadline, as long as the sweeper has not expired it (a fresh claim keeps the
 * sweeper off); its event must not be cancelled. The transaction that paid it already is a
 * redelivery; any other transaction for a paid (or refunded) booking is a second capture.
 */
export function judgePayment(state: PayableState, transactionId: string): PaymentVerdict {
  if (state.status === 'PAID' || state.status === 'REFUNDED') {
    return state.transactionId === transactionId ? { kind: 'already_applied' } : { kind: 'reject', reason: 'already_paid' };
  }
  if (state.eventCancelled) return { kind: 'reject', reason: 'event_cancelled' };
  switch (state.status) {
    case 'PENDING':
      return { kind: 'confirm' };
    case 'EXPIRED':
      return { kind: 'reject', reason: 'expired' };
    case 'CANCELLED':
      return { kind: 'reject', reason: 'cancelled' };
  }
}
