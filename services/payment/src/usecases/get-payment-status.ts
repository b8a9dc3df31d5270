import { isUuid, validationError, type Principal } from '@ticres/shared';
import { paymentNotFound } from '../domain/errors';
import { transactionToShow, type ClaimedTransaction, type Refund } from '../domain/transaction';

export interface PaymentStatus {
  bookingId: string;
  transaction: ClaimedTransaction;
  refund: Refund | undefined;
}

export interface GetPaymentStatusPorts {
  transactions: { listClaimedForBooking(bookingId: string): Promise<ClaimedTransaction[]> };
  refunds: { findByTransaction(transactionId: string): Promise<Refund | undefined> };
}

export type GetPaymentStatus = (caller: Principal, bookingId: string) => Promise<PaymentStatus>;

/**
 * The booking's successful transaction (else its latest) and that transaction's refund, for the
 * booking's owner or an admin. Attempts booking refused (someone else's booking, expired, ...) are
 * not the booking's payments and never show; NOT_FOUND when nothing does, or the caller may not see it.
 */
export function createGetPaymentStatus({ transactions, refunds }: GetPaymentStatusPorts): GetPaymentStatus {
  return async (caller, bookingId) => {
    if (!isUuid(bookingId)) throw validationError([{ field: 'booking_id', message: 'must be a UUID' }]);
    const transaction = transactionToShow(await transactions.listClaimedForBooking(bookingId.toLowerCase()));
    if (!transaction || (transaction.userId !== caller.userId && caller.role !== 'admin')) throw paymentNotFound();
    return { bookingId: transaction.bookingId, transaction, refund: await refunds.findByTransaction(transaction.id) };
  };
}
