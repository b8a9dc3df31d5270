import type { Logger } from '@ticres/shared';
import { isClaimed, type ClaimedTransaction, type FailureReason, type Transaction } from '../domain/transaction';
import { paymentPayload, type Outbox } from './payment-events';
import { withProviderTimeout, type ChargeLookup, type PaymentProvider } from './payment-provider';
import type { InTransaction } from './transactional';

export interface ReconcileStore {
  transactions: {
    claimUnsettled(filter: { transactionId?: string | undefined; olderThanMs: number; skip: readonly string[] }): Promise<Transaction | undefined>;
    findSuccessfulForBooking(bookingId: string): Promise<Transaction | undefined>;
    markSucceeded(id: string): Promise<ClaimedTransaction | undefined>;
    markFailed(id: string, reason: FailureReason): Promise<Transaction | undefined>;
  };
  refunds: { request(transactionId: string, reason: string): Promise<boolean> };
  idempotencyKeys: { completeUnfinished(userId: string, key: string, transactionId: string): Promise<void> };
  outbox: Outbox;
}

export interface ReconcileChargesPorts {
  inTransaction: InTransaction<ReconcileStore>;
  provider: PaymentProvider;
  providerTimeoutMs: number;
  /** How long a PENDING transaction is left to its own attempt (RECONCILE_AFTER_MS). */
  graceMs: number;
  /** Most transactions one run settles, so a run ends and shutdown does not wait for a backlog. */
  batchSize: number;
  /** Refunds a capture the booking cannot keep, at once (the refund runner retries it if this fails). */
  refundNow: (transactionId: string) => Promise<unknown>;
  logger: Logger;
}

/** How a reconciled transaction ended. */
export type Settlement = 'succeeded' | 'duplicate_refunded' | 'declined' | 'abandoned' | 'unknown';

export type ReconcileRun = Record<Settlement, number>;

export interface ReconcileCharges {
  /** The reconciler's work: every PENDING transaction past the grace period no other reconciler holds, once each. */
  pending(): Promise<ReconcileRun>;
  /** One transaction, if it is PENDING past the grace period and no reconciler holds it. */
  ofTransaction: (transactionId: string) => Promise<ReconcileRun>;
}

const emptyRun = (): ReconcileRun => ({ succeeded: 0, duplicate_refunded: 0, declined: 0, abandoned: 0, unknown: 0 });

/**
 * Settles transactions whose attempt died before recording an outcome (the process or the
 * database went away between the charge and its commit). A transaction PENDING for longer than
 * the grace period (longer than any attempt can run, checked at start) is locked with
 * `FOR UPDATE SKIP LOCKED`, so replicas never settle one twice, for the provider look-up and its
 * settlement, in one database transaction:
 * - never claimed by booking: no charge was ever sent, FAILED (`abandoned`);
 * - captured: SUCCEEDED + `booking.paid`, as the payment's own path would have (booking rejects
 *   it, and payment refunds it, if the booking can no longer be paid), recorded as the answer of
 *   the Idempotency-Key claim the attempt left unfinished; or, when another
 *   transaction paid the booking meanwhile, FAILED (`already_paid`) and refunded
 *   (`duplicate_capture`);
 * - declined: FAILED (`declined`) + `payment.failed`;
 * - unknown to the provider: FAILED (`abandoned`), nothing was captured;
 * - the provider does not answer: left PENDING for the next run.
 */
export function createReconcileCharges(ports: ReconcileChargesPorts): ReconcileCharges {
  const { inTransaction, provider, providerTimeoutMs, graceMs, batchSize, refundNow, logger } = ports;

  const lookup = async (transaction: Transaction): Promise<ChargeLookup | undefined> => {
    try {
      return await withProviderTimeout(provider.lookup(transaction.externalId), providerTimeoutMs);
    } catch (error) {
      logger.warn({ err: error, transaction_id: transaction.id }, 'provider look-up failed; the transaction stays PENDING');
      return undefined;
    }
  };

  const settleCapture = async (store: ReconcileStore, transaction: ClaimedTransaction): Promise<Settlement> => {
    const paid = await store.transactions.findSuccessfulForBooking(transaction.bookingId);
    if (paid) {
      await store.transactions.markFailed(transaction.id, 'already_paid');
      await store.refunds.request(transaction.id, 'duplicate_capture');
      return 'duplicate_refunded';
    }
    const succeeded = await store.transactions.markSucceeded(transaction.id);
    if (succeeded) {
      await store.outbox.enqueue('booking.paid', succeeded.bookingId, paymentPayload(succeeded));
      // The attempt could not release its key when the database went away: a retry replays this now.
      if (succeeded.idempotencyKey) await store.idempotencyKeys.completeUnfinished(succeeded.userId, succeeded.idempotencyKey, succeeded.id);
    }
    return 'succeeded';
  };

  const settle = async (store: ReconcileStore, transaction: Transaction): Promise<Settlement> => {
    // The charge is sent only once booking's claim is recorded: before that, nothing was charged.
    if (!isClaimed(transaction)) {
      await store.transactions.markFailed(transaction.id, 'abandoned');
      return 'abandoned';
    }
    const found = await lookup(transaction);
    if (found === undefined) return 'unknown';
    if (found === 'succeeded') return settleCapture(store, transaction);
    if (found === 'declined') {
      const failed = await store.transactions.markFailed(transaction.id, 'declined');
      if (failed) await store.outbox.enqueue('payment.failed', transaction.bookingId, { ...paymentPayload(transaction), reason: 'declined' });
      return 'declined';
    }
    await store.transactions.markFailed(transaction.id, 'abandoned');
    return 'abandoned';
  };

  const attempt = (filter: { transactionId?: string; skip: string[] }) =>
    inTransaction(async (store) => {
      const transaction = await store.transactions.claimUnsettled({ ...filter, olderThanMs: graceMs });
      if (!transaction) return undefined;
      filter.skip.push(transaction.id);
      const settlement = await settle(store, transaction);
      logger.info({ transaction_id: transaction.id, booking_id: transaction.bookingId, settlement }, 'unsettled transaction reconciled');
      return { transaction, settlement };
    });

  const run = async (transactionId?: string): Promise<ReconcileRun> => {
    const tally = emptyRun();
    const skip: string[] = [];
    for (let round = 0; round < batchSize; round++) {
      const outcome = await attempt(transactionId === undefined ? { skip } : { transactionId, skip });
      if (!outcome) break;
      tally[outcome.settlement] += 1;
      if (outcome.settlement === 'duplicate_refunded') {
        await refundNow(outcome.transaction.id).catch((error: unknown) =>
          logger.error({ err: error, transaction_id: outcome.transaction.id }, 'immediate refund failed; the refund runner retries it'),
        );
      }
    }
    return tally;
  };

  return { pending: () => run(), ofTransaction: (transactionId) => run(transactionId) };
}
