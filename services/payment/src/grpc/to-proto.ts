import type { paymentV1 } from '@ticres/proto';
import type { Refund, Transaction } from '../domain/transaction';
import type { PaymentStatus } from '../usecases/get-payment-status';

export function toProtoTransaction(transaction: Transaction): paymentV1.Transaction {
  return {
    id: transaction.id,
    booking_id: transaction.bookingId,
    // proto3 has no null: an attempt booking refused has charged nothing.
    amount_cents: transaction.amountCents ?? 0,
    currency: transaction.currency ?? '',
    payment_method: transaction.paymentMethod,
    status: transaction.status,
    external_id: transaction.externalId,
    created_at: transaction.createdAt.toISOString(),
  };
}

export function toProtoRefund(refund: Refund): paymentV1.Refund {
  return {
    id: refund.id,
    booking_id: refund.bookingId,
    transaction_id: refund.transactionId,
    amount_cents: refund.amountCents,
    status: refund.status,
    reason: refund.reason,
    created_at: refund.createdAt.toISOString(),
    attempts: refund.attempts,
    last_error: refund.lastError ?? '',
    updated_at: refund.updatedAt.toISOString(),
  };
}

export function toProtoPaymentStatus(status: PaymentStatus): paymentV1.PaymentStatus {
  return {
    booking_id: status.bookingId,
    transaction: toProtoTransaction(status.transaction),
    ...(status.refund ? { refund: toProtoRefund(status.refund) } : {}),
  };
}
