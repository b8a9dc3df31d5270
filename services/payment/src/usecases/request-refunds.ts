export interface RefundRequestStore {
  transactions: { succeededIdsOfEvent(eventId: string): Promise<string[]> };
  /** True when this call created the transaction's (only) refund. */
  refunds: { request(transactionId: string, reason: string): Promise<boolean> };
}

/** Applied inside the consumer's transaction; resolves with the number of refunds it created. */
export type RequestRefunds<Subject> = (store: RefundRequestStore, subject: Subject) => Promise<number>;

/**
 * `booking.payment_rejected`: booking could not confirm a captured payment, so its money goes
 * back. Only a SUCCEEDED transaction is refunded, and only once: the refund row is unique per
 * transaction, whichever message asks.
 */
export const requestRejectedPaymentRefund: RequestRefunds<{ transactionId: string; reason: string }> = async (store, { transactionId, reason }) =>
  (await store.refunds.request(transactionId, reason)) ? 1 : 0;

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
