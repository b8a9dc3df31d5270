import type { EventHandlers, Logger, PoolClient } from '@ticres/shared';
import { requestCancelledEventRefunds, requestRejectedPaymentRefund, type RefundRequestStore } from '../usecases/request-refunds';

export interface EventHandlerDeps {
  /** The repositories of the consumer's transaction: every write of a handler goes through it. */
  storeOf: (tx: PoolClient) => RefundRequestStore;
  logger: Logger;
}

/**
 * The events payment consumes, for `startInboxConsumer` (which applies each message once). They
 * only record PENDING refunds, with the inbox row; the refund runner moves the money, so no
 * provider call ever happens inside a consumer's transaction.
 */
export function createEventHandlers({ storeOf, logger }: EventHandlerDeps): EventHandlers {
  return {
    'booking.payment_rejected': async (envelope, tx) => {
      const { transaction_id: transactionId, booking_id: bookingId, reason } = envelope.data;
      const created = await requestRejectedPaymentRefund(storeOf(tx), { transactionId, reason });
      logger.info({ transaction_id: transactionId, booking_id: bookingId, reason, refund_requested: created === 1 }, 'payment rejected by booking');
    },
    'event.cancelled': async (envelope, tx) => {
      const created = await requestCancelledEventRefunds(storeOf(tx), { eventId: envelope.data.event_id });
      logger.info({ event_id: envelope.data.event_id, refunds_requested: created }, 'event cancelled');
    },
  };
}
