import { Counter, gaugesOfReading, isAppError, type MetricsRegistry, type Queryable } from '@ticres/shared';
import { readRefundBacklog } from '../db/refund-backlog';
import type { ChargeBooking } from '../usecases/charge-booking';

/**
 * `ticres_payments_total{outcome}`: charges attempted, by outcome: `succeeded`, the error code of
 * a refusal in lower case (`payment_declined` for a decline or a provider timeout, `already_paid`,
 * `booking_expired`, `not_found`, `conflict`, ...), or `error` for a failure of ours. Replays of an
 * Idempotency-Key charge nothing and count nothing.
 */
export function countingPayments(chargeBooking: ChargeBooking, registry: MetricsRegistry): ChargeBooking {
  const payments = new Counter({
    name: 'ticres_payments_total',
    help: "Payment attempts, by outcome (succeeded, or the refusal's error code).",
    labelNames: ['outcome'],
    registers: [registry],
  });
  return async (...args) => {
    try {
      const transaction = await chargeBooking(...args);
      payments.inc({ outcome: 'succeeded' });
      return transaction;
    } catch (error) {
      payments.inc({ outcome: isAppError(error) && error.code !== 'INTERNAL' ? error.code.toLowerCase() : 'error' });
      throw error;
    }
  };
}

/**
 * Refunds still owed, read at scrape time: `ticres_refunds_pending`,
 * `ticres_refunds_oldest_pending_age_seconds` (a refund stuck in the runner's queue) and
 * `ticres_refunds_failed` (given up after REFUND_MAX_ATTEMPTS: a person must retry them).
 */
export function observeRefunds(registry: MetricsRegistry, db: Queryable): void {
  gaugesOfReading(registry, () => readRefundBacklog(db), [
    { name: 'ticres_refunds_pending', help: 'Refunds waiting for the refund runner (PENDING).', valueOf: (b) => b.pending },
    {
      name: 'ticres_refunds_oldest_pending_age_seconds',
      help: 'Age of the oldest PENDING refund (0 when none).',
      valueOf: (b) => b.oldestPendingAgeSeconds,
    },
    { name: 'ticres_refunds_failed', help: 'Refunds given up after their last attempt (FAILED), waiting for a person.', valueOf: (b) => b.failed },
  ]);
}
