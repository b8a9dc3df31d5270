import type { ClaimedTransaction, Refund } from '../domain/transaction';
import { paymentPayload, type Outbox } from './payment-events';

export interface RefundRequestStore {
  transactions: {
    succeededIdsOfEvent(eventId: string): Promise<string[]>;
    findRefunded(transactionId: string): Promise<ClaimedTransaction | undefined>;
  };
  refunds: {
    /** True when this call created the transaction's (only) refund. */
    request(transactionId: string, reason: string): Promise<boolean>;
    findByTransaction(transactionId: string): Promise<Refund | undefined>;
  };
  outbox: Outbox;
}

/** Applied inside the consumer's transaction; resolves with the number of refunds it created. */
export type RequestRefunds<Subject> = (store: RefundRequestStore, subject: Subject) => Promise<number>;

/**
 * `booking.payment_rejected`: booking could not confirm a captured payment, so its money goes
 * back. Only a SUCCEEDED transaction is refunded, and only once: the refund row is unique per
 * transaction, whichever message asks.
 */
export const requestRejectedPaymentRefund: RequestRefunds<{ transactionId: string; reason: string }> = async (store, { transactionId, reason }) => {
  if (await store.refunds.request(transactionId, reason)) return 1;
  // Refunded already by the event's cancellation while booking, hearing of the refund before the
  // payment, could not mark the booking REFUNDED then and has now confirmed and rejected it: tell
  // it again, or the booking stays PAID on a cancelled event.
  if (reason !== 'event_cancelled') return 0;
  const refunded = await store.transactions.findRefunded(transactionId);
  const refund = refunded && (await store.refunds.findByTransaction(transactionId));
  if (refunded && refund?.status === 'COMPLETED') {
    await store.outbox.enqueue('booking.refunded', refunded.bookingId, { ...paymentPayload(refunded), refund_id: refund.id, reason: refund.reason });
  }
  return 0;
};

/**
 * `event.cancelled`, payment's part of the saga: every SUCCEEDED transaction of the event is
 * refunded, once each. A payment that succeeds after this ran is refunded when booking rejects it.
 */
export const requestCancelledEventRefunds: RequestRefunds<{ eventId: string }> = async (store, { eventId }) => {
  let created = 0;
  for (const transactionId of await store.transactions.succeededIdsOfEvent(eventId)) {
    if (await store.refunds.request(transactionId, 'event_cancelled')) created += 1;
  }
  return created;
};
