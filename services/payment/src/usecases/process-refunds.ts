import type { Logger } from '@ticres/shared';
import type { ClaimedTransaction, Refund } from '../domain/transaction';
import { paymentPayload, type Outbox } from './payment-events';
import { withProviderTimeout, type PaymentProvider } from './payment-provider';
import type { InTransaction } from './transactional';

/** A PENDING refund, locked, with the transaction it returns. */
export interface PendingRefund {
  refund: Refund;
  transaction: ClaimedTransaction;
}

export interface RefundStore {
  refunds: {
    claimPending(filter: { transactionId?: string; skip: readonly string[] }): Promise<PendingRefund | undefined>;
    complete(id: string): Promise<boolean>;
    recordFailedAttempt(id: string, error: string): Promise<void>;
  };
  transactions: { markRefunded(id: string): Promise<ClaimedTransaction | undefined> };
  outbox: Outbox;
}

export interface ProcessRefundsPorts {
  inTransaction: InTransaction<RefundStore>;
  provider: PaymentProvider;
  providerTimeoutMs: number;
  /** Most refunds one run attempts, so a run ends and shutdown does not wait for a backlog. */
  batchSize: number;
  logger: Logger;
}

export interface RefundRun {
  completed: number;
  failed: number;
}

export interface ProcessRefunds {
  /** The refund runner's work: every PENDING refund no other runner holds, once each. */
  pending(): Promise<RefundRun>;
  /** The PENDING refund of one transaction, now (if no runner holds it). */
  ofTransaction(transactionId: string): Promise<RefundRun>;
}

type Attempt = 'completed' | 'failed' | 'none';

/**
 * Moves PENDING refunds through the provider. Each refund is locked (`FOR UPDATE SKIP LOCKED`, so
 * replicas never refund the same row at once) for the provider call, and completes in that same
 * database transaction: refund COMPLETED, a SUCCEEDED transaction REFUNDED and `booking.refunded`.
 * A provider failure leaves the refund PENDING for the next run. Should the commit fail after the
 * provider refunded, the next run repeats the call with the same external id, which a provider
 * treats as the same refund.
 */
export function createProcessRefunds({ inTransaction, provider, providerTimeoutMs, batchSize, logger }: ProcessRefundsPorts): ProcessRefunds {
  const attempt = (filter: { transactionId?: string; skip: string[] }): Promise<Attempt> =>
    inTransaction(async ({ refunds, transactions, outbox }) => {
      const pending = await refunds.claimPending(filter);
      if (!pending) return 'none';
      const { refund, transaction } = pending;
      filter.skip.push(refund.id);
      try {
        await withProviderTimeout(
          provider.refund({
            externalId: refund.externalId,
            chargeExternalId: transaction.externalId,
            amountCents: refund.amountCents,
            currency: transaction.currency,
          }),
          providerTimeoutMs,
        );
      } catch (error) {
        logger.warn({ err: error, refund_id: refund.id, transaction_id: transaction.id, attempts: refund.attempts + 1 }, 'refund failed; will retry');
        await refunds.recordFailedAttempt(refund.id, error instanceof Error ? error.message : String(error));
        return 'failed';
      }
      await refunds.complete(refund.id);
      // A second capture stays FAILED: only the booking's paying transaction turns REFUNDED and is announced.
      const refunded = await transactions.markRefunded(transaction.id);
      if (refunded) {
        await outbox.enqueue('booking.refunded', refunded.bookingId, { ...paymentPayload(refunded), refund_id: refund.id, reason: refund.reason });
      }
      logger.info({ refund_id: refund.id, transaction_id: transaction.id, booking_id: transaction.bookingId }, 'refund completed');
      return 'completed';
    });

  const run = async (transactionId?: string): Promise<RefundRun> => {
    const tally: RefundRun = { completed: 0, failed: 0 };
    const skip: string[] = [];
    for (let round = 0; round < batchSize; round++) {
      const outcome = await attempt(transactionId === undefined ? { skip } : { transactionId, skip });
      if (outcome === 'none') break;
      tally[outcome] += 1;
    }
    return tally;
  };

  return { pending: () => run(), ofTransaction: (transactionId) => run(transactionId) };
}
