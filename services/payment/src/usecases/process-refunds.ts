import type { Logger } from '@ticres/shared';
import type { ClaimedTransaction, Refund, RefundStatus } from '../domain/transaction';
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
    recordFailedAttempt(id: string, error: string, maxAttempts: number): Promise<RefundStatus | undefined>;
  };
  transactions: { markRefunded(id: string): Promise<ClaimedTransaction | undefined> };
  outbox: Outbox;
}

export interface ProcessRefundsPorts {
  inTransaction: InTransaction<RefundStore>;
  provider: PaymentProvider;
  providerTimeoutMs: number;
  /** Failed provider calls after which a refund turns FAILED, for an admin to retry. */
  maxAttempts: number;
  /** Most refunds one run attempts, so a run ends and shutdown does not wait for a backlog. */
  batchSize: number;
  logger: Logger;
}

export interface RefundRun {
  completed: number;
  /** Attempts that failed; the refund is tried again next run. */
  failed: number;
  /** Attempts that failed for the last allowed time: those refunds are FAILED now. */
  gaveUp: number;
}

export interface ProcessRefunds {
  /** The refund runner's work: every PENDING refund no other runner holds, once each. */
  pending(): Promise<RefundRun>;
  /** The PENDING refund of one transaction, now (if no runner holds it). */
  ofTransaction: (transactionId: string) => Promise<RefundRun>;
}

type Attempt = keyof RefundRun | 'none';

/**
 * Moves PENDING refunds through the provider. Each refund is locked (`FOR UPDATE SKIP LOCKED`, so
 * replicas never refund the same row at once) for the provider call, and completes in that same
 * database transaction: refund COMPLETED, a SUCCEEDED transaction REFUNDED and `booking.refunded`.
 * A provider failure leaves the refund PENDING for the next run, until it has failed `maxAttempts`
 * times: then it turns FAILED (logged as an error) and waits for an admin's retry. Should the commit fail after the
 * provider refunded, the next run repeats the call with the same external id, which a provider
 * treats as the same refund.
 */
export function createProcessRefunds({ inTransaction, provider, providerTimeoutMs, maxAttempts, batchSize, logger }: ProcessRefundsPorts): ProcessRefunds {
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
        const fields = { err: error, refund_id: refund.id, transaction_id: transaction.id, attempts: refund.attempts + 1 };
        const status = await refunds.recordFailedAttempt(refund.id, error instanceof Error ? error.message : String(error), maxAttempts);
        if (status === 'FAILED') {
          logger.error(fields, 'refund gave up; FAILED until an admin retries it');
          return 'gaveUp';
        }
        logger.warn(fields, 'refund failed; will retry');
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
    const tally: RefundRun = { completed: 0, failed: 0, gaveUp: 0 };
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
