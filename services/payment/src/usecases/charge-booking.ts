import { AppError, isAppError, newId, type IdempotencyClaim, type Logger, type Principal } from '@ticres/shared';
import { bookingAlreadyPaid, paymentDeclined, paymentTimedOut } from '../domain/errors';
import { newExternalId, type PaymentMethod } from '../domain/payment-method';
import type { PayRequest } from '../domain/pay-request';
import type { ClaimedTransaction, FailureReason, Transaction } from '../domain/transaction';
import { paymentPayload, type Outbox } from './payment-events';
import { ProviderTimeoutError, withProviderTimeout, type PaymentProvider } from './payment-provider';
import type { InTransaction } from './transactional';

/** What booking answers to a claim: the booking to charge for. */
export interface ClaimedBooking {
  id: string;
  userId: string;
  eventId: string;
  totalCents: number;
  currency: string;
}

/** Booking's side of a payment, called by payment as itself for the paying user. */
export interface BookingClaims {
  /** Throws booking's AppError: NOT_FOUND, BOOKING_EXPIRED, ALREADY_PAID, CONFLICT, ... */
  claim(bookingId: string, paymentId: string, userId: string): Promise<ClaimedBooking>;
  release(bookingId: string, paymentId: string, userId: string): Promise<void>;
}

export interface ChargeTransactions {
  findSuccessfulForBooking(bookingId: string): Promise<Transaction | undefined>;
  insertPending(transaction: {
    id: string;
    bookingId: string;
    userId: string;
    paymentMethod: PaymentMethod;
    externalId: string;
    idempotencyKey: string | undefined;
  }): Promise<Transaction>;
  recordClaim(id: string, details: { eventId: string; amountCents: number; currency: string }): Promise<ClaimedTransaction | undefined>;
  /** Throws ALREADY_PAID when another transaction of the booking succeeded. */
  markSucceeded(id: string): Promise<ClaimedTransaction | undefined>;
  markFailed(id: string, reason: FailureReason): Promise<Transaction | undefined>;
}

export interface ChargeStore {
  transactions: ChargeTransactions;
  refunds: { request(transactionId: string, reason: string): Promise<boolean> };
  idempotencyKeys: { complete(claim: IdempotencyClaim, transactionId: string): Promise<void> };
  outbox: Outbox;
}

export interface ChargeBookingPorts {
  inTransaction: InTransaction<ChargeStore>;
  /** Outside any transaction: each call commits on its own. */
  transactions: ChargeTransactions;
  bookings: BookingClaims;
  provider: PaymentProvider;
  providerTimeoutMs: number;
  /** Refunds a second capture at once (the refund runner retries it if this fails). */
  refundNow: (transactionId: string) => Promise<unknown>;
  logger: Logger;
}

/** Charges the caller's booking; with a claim, records the transaction as its key's answer. */
export type ChargeBooking = (caller: Principal, request: PayRequest, claim?: IdempotencyClaim) => Promise<ClaimedTransaction>;

/** Booking's refusals: it claimed nothing, so there is nothing to release. */
const CLAIM_REFUSALS = new Set(['NOT_FOUND', 'BOOKING_EXPIRED', 'ALREADY_PAID', 'CONFLICT', 'UNAUTHENTICATED', 'VALIDATION_FAILED']);

/**
 * The payment flow. A PENDING transaction is committed first (its id is the payment id booking's
 * claim names; with its provider reference and Idempotency-Key, so an attempt that dies before
 * recording its outcome leaves a row the reconciler settles and a retry finds), booking claims the
 * booking for it (owner, PENDING, not expired; the sweeper then leaves it alone), the provider
 * charges within PROVIDER_TIMEOUT_MS, and the outcome commits with its event: SUCCEEDED +
 * `booking.paid`, or FAILED + `payment.failed` (and the claim released, so the booking is payable
 * again at once). A second success for a booking is impossible (unique index): that charge is
 * refunded and the caller told ALREADY_PAID.
 */
export function createChargeBooking(ports: ChargeBookingPorts): ChargeBooking {
  const { inTransaction, transactions, bookings, provider, providerTimeoutMs, refundNow, logger } = ports;

  const releaseQuietly = async (bookingId: string, paymentId: string, userId: string) => {
    try {
      await bookings.release(bookingId, paymentId, userId);
    } catch (error) {
      // The claim lapses on its own; until then another payment gets CONFLICT.
      logger.warn({ err: error, booking_id: bookingId, transaction_id: paymentId }, 'could not release the booking claim');
    }
  };

  const charge = async (transaction: ClaimedTransaction, token: string): Promise<'succeeded' | 'declined' | 'timeout'> => {
    try {
      const call = provider.charge({
        externalId: transaction.externalId,
        amountCents: transaction.amountCents,
        currency: transaction.currency,
        method: transaction.paymentMethod,
        token,
      });
      return await withProviderTimeout(call, providerTimeoutMs);
    } catch (error) {
      // No answer we can trust: the attempt failed. A real provider is asked to void it by its
      // external id when reconciling; the simulated one never charges without answering.
      if (!(error instanceof ProviderTimeoutError)) logger.error({ err: error, transaction_id: transaction.id }, 'provider charge failed');
      return 'timeout';
    }
  };

  const settleSuccess = async (transaction: ClaimedTransaction, claim: IdempotencyClaim | undefined): Promise<ClaimedTransaction> => {
    try {
      return await inTransaction(async ({ transactions: tx, idempotencyKeys, outbox }) => {
        const succeeded = await tx.markSucceeded(transaction.id);
        if (!succeeded) throw new Error(`transaction ${transaction.id} was no longer PENDING when its charge succeeded`);
        await outbox.enqueue('booking.paid', succeeded.bookingId, paymentPayload(succeeded));
        if (claim) await idempotencyKeys.complete(claim, succeeded.id);
        return succeeded;
      });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'ALREADY_PAID') throw error;
      // A second capture for a paid booking: it never becomes SUCCEEDED, and its money goes back.
      logger.warn({ booking_id: transaction.bookingId, transaction_id: transaction.id }, 'second capture for a paid booking; refunding it');
      await inTransaction(async ({ transactions: tx, refunds }) => {
        await tx.markFailed(transaction.id, 'already_paid');
        await refunds.request(transaction.id, 'duplicate_capture');
      });
      await refundNow(transaction.id).catch((refundError: unknown) =>
        logger.error({ err: refundError, transaction_id: transaction.id }, 'immediate refund failed; the refund runner retries it'),
      );
      throw error;
    }
  };

  const settleFailure = async (transaction: ClaimedTransaction, reason: 'declined' | 'timeout') => {
    await inTransaction(async ({ transactions: tx, outbox }) => {
      const failed = await tx.markFailed(transaction.id, reason);
      if (failed) await outbox.enqueue('payment.failed', transaction.bookingId, { ...paymentPayload(transaction), reason });
    });
  };

  return async (caller, request, claim) => {
    // Only the owner learns that a booking is paid; anyone else goes on to booking's claim,
    // which answers NOT_FOUND without revealing that the booking exists.
    const paid = await transactions.findSuccessfulForBooking(request.bookingId);
    if (paid && paid.userId === caller.userId) throw bookingAlreadyPaid();

    const paymentId = newId();
    await transactions.insertPending({
      id: paymentId,
      bookingId: request.bookingId,
      userId: caller.userId,
      paymentMethod: request.paymentMethod,
      externalId: newExternalId(request.paymentMethod),
      idempotencyKey: claim?.key,
    });

    let booking: ClaimedBooking;
    try {
      booking = await bookings.claim(request.bookingId, paymentId, caller.userId);
      // Booking checks the owner; a mismatch would be its bug, and must not charge a stranger's booking.
      if (booking.userId !== caller.userId) throw new AppError('NOT_FOUND', 'No such booking.');
    } catch (error) {
      await transactions
        .markFailed(paymentId, 'claim_refused')
        .catch((markError: unknown) => logger.error({ err: markError, transaction_id: paymentId }, 'could not mark a refused payment FAILED'));
      // A timeout may have claimed it after all.
      if (!isAppError(error) || !CLAIM_REFUSALS.has(error.code)) await releaseQuietly(request.bookingId, paymentId, caller.userId);
      throw error;
    }

    const claimed = await transactions.recordClaim(paymentId, {
      eventId: booking.eventId,
      amountCents: booking.totalCents,
      currency: booking.currency,
    });
    if (!claimed) throw new Error(`transaction ${paymentId} was no longer PENDING after its claim`);

    const outcome = await charge(claimed, request.paymentToken);
    if (outcome === 'succeeded') return settleSuccess(claimed, claim);

    await settleFailure(claimed, outcome);
    await releaseQuietly(request.bookingId, paymentId, caller.userId);
    throw outcome === 'declined' ? paymentDeclined() : paymentTimedOut();
  };
}
