import type { EventDataByType, PaymentPayload } from '@ticres/shared';
import type { ClaimedTransaction } from '../domain/transaction';

export type PaymentEventType = 'booking.paid' | 'payment.failed' | 'booking.refunded';

/** Writes an event to the outbox of the transaction the store belongs to. */
export interface Outbox {
  enqueue<Type extends PaymentEventType>(type: Type, aggregateId: string, data: EventDataByType[Type]): Promise<void>;
}

/** What every payment event says about its transaction. */
export function paymentPayload(transaction: ClaimedTransaction): PaymentPayload {
  return {
    booking_id: transaction.bookingId,
    user_id: transaction.userId,
    event_id: transaction.eventId,
    transaction_id: transaction.id,
    amount_cents: transaction.amountCents,
    currency: transaction.currency,
    payment_method: transaction.paymentMethod,
  };
}
