import {
  MetricsRegistry,
  createIdempotencyKeyRepository,
  createPurgeIdempotencyKeys,
  withTransaction,
  type EventHandlers,
  type Logger,
  type Pool,
  type PoolClient,
  type PurgeIdempotencyKeys,
  type Queryable,
} from '@ticres/shared';
import type { PaymentConfig } from './config';
import { createOutbox } from './db/outbox';
import { createRefundRepository } from './db/refund.repository';
import { createTransactionRepository } from './db/transaction.repository';
import { createEventHandlers } from './messaging/event-handlers';
import { countingPayments } from './metrics/payment-metrics';
import { createChargeBooking, type BookingClaims } from './usecases/charge-booking';
import { createFindEarlierAttempt } from './usecases/earlier-attempt';
import { createGetPaymentStatus, type GetPaymentStatus } from './usecases/get-payment-status';
import { createListRefunds, type ListRefunds } from './usecases/list-refunds';
import { createPay, type Pay } from './usecases/pay';
import type { PaymentProvider } from './usecases/payment-provider';
import { createProcessRefunds, type ProcessRefunds } from './usecases/process-refunds';
import { createReconcileCharges, type ReconcileCharges } from './usecases/reconcile-charges';
import { createRetryRefund, type RetryRefund } from './usecases/retry-refund';
import type { InTransaction } from './usecases/transactional';

/** Refunds one refund-runner run attempts at most. */
const REFUND_BATCH_SIZE = 100;
/** Transactions one reconciler run settles at most. */
const RECONCILE_BATCH_SIZE = 100;
const PURGE_BATCH_SIZE = 500;

/** Everything the gRPC edge, the consumer and the refund runner need, built on one pool. */
export interface PaymentComponents {
  pay: Pay;
  getPaymentStatus: GetPaymentStatus;
  processRefunds: ProcessRefunds;
  reconcileCharges: ReconcileCharges;
  listRefunds: ListRefunds;
  retryRefund: RetryRefund;
  purgeIdempotencyKeys: PurgeIdempotencyKeys;
  /** For `startInboxConsumer`: booking.payment_rejected, event.cancelled. */
  eventHandlers: EventHandlers;
}

export interface ComposeOptions {
  logger: Logger;
  provider: PaymentProvider;
  bookings: BookingClaims;
  /** Where the payment counter is registered; by default a registry nobody reads. */
  metrics?: MetricsRegistry;
}

export type PaymentSettings = Pick<
  PaymentConfig,
  'PROVIDER_TIMEOUT_MS' | 'IDEMPOTENCY_TTL_SECONDS' | 'REFUND_MAX_ATTEMPTS' | 'RECONCILE_AFTER_MS' | 'RECONCILE_INTERVAL_MS'
>;

/** Every repository over one connection (or the pool): a use case's store is a part of it. */
export function storeOf(db: Queryable) {
  return {
    transactions: createTransactionRepository(db),
    refunds: createRefundRepository(db),
    idempotencyKeys: createIdempotencyKeyRepository(db, 'transaction_id'),
    outbox: createOutbox(db),
  };
}

export type PaymentStore = ReturnType<typeof storeOf>;

function transactional(pool: Pool): InTransaction<PaymentStore> {
  return (work) => withTransaction(pool, (client: PoolClient) => work(storeOf(client)));
}

/** Wires repositories -> use cases by hand; starts nothing. */
export function composePayment(
  pool: Pool,
  settings: PaymentSettings,
  { logger, provider, bookings, metrics = new MetricsRegistry() }: ComposeOptions,
): PaymentComponents {
  const inTransaction = transactional(pool);
  const outsideTransaction = storeOf(pool);
  const processRefunds = createProcessRefunds({
    inTransaction,
    provider,
    providerTimeoutMs: settings.PROVIDER_TIMEOUT_MS,
    maxAttempts: settings.REFUND_MAX_ATTEMPTS,
    batchSize: REFUND_BATCH_SIZE,
    logger,
  });
  const reconcileCharges = createReconcileCharges({
    inTransaction,
    provider,
    providerTimeoutMs: settings.PROVIDER_TIMEOUT_MS,
    graceMs: settings.RECONCILE_AFTER_MS,
    batchSize: RECONCILE_BATCH_SIZE,
    refundNow: processRefunds.ofTransaction,
    logger,
  });

  return {
    pay: createPay({
      chargeBooking: countingPayments(
        createChargeBooking({
          inTransaction,
          transactions: outsideTransaction.transactions,
          bookings,
          provider,
          providerTimeoutMs: settings.PROVIDER_TIMEOUT_MS,
          refundNow: processRefunds.ofTransaction,
          logger,
        }),
        metrics,
      ),
      findEarlierAttempt: createFindEarlierAttempt({
        transactions: outsideTransaction.transactions,
        idempotencyKeys: outsideTransaction.idempotencyKeys,
        reconcileNow: reconcileCharges.ofTransaction,
        graceMs: settings.RECONCILE_AFTER_MS,
        intervalMs: settings.RECONCILE_INTERVAL_MS,
        logger,
      }),
      idempotencyKeys: outsideTransaction.idempotencyKeys,
      transactions: outsideTransaction.transactions,
      idempotencyTtlSeconds: settings.IDEMPOTENCY_TTL_SECONDS,
    }),
    getPaymentStatus: createGetPaymentStatus({ transactions: outsideTransaction.transactions, refunds: outsideTransaction.refunds }),
    processRefunds,
    reconcileCharges,
    listRefunds: createListRefunds({ refunds: outsideTransaction.refunds }),
    retryRefund: createRetryRefund({ refunds: outsideTransaction.refunds, refundNow: processRefunds.ofTransaction }),
    purgeIdempotencyKeys: createPurgeIdempotencyKeys({
      idempotencyKeys: outsideTransaction.idempotencyKeys,
      ttlSeconds: settings.IDEMPOTENCY_TTL_SECONDS,
      batchSize: PURGE_BATCH_SIZE,
    }),
    eventHandlers: createEventHandlers({ storeOf, logger }),
  };
}
