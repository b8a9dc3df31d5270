import { RetryLaterError, type IdempotencyClaim, type Logger } from '@ticres/shared';
import type { Transaction } from '../domain/transaction';

export interface EarlierAttemptPorts {
  /** Each call commits on its own. */
  transactions: {
    findLiveForIdempotencyKey(userId: string, key: string, bookingId: string): Promise<Transaction | undefined>;
  };
  idempotencyKeys: {
    complete(claim: IdempotencyClaim, transactionId: string): Promise<void>;
    release(claim: IdempotencyClaim): Promise<void>;
  };
  /** Settles the transaction now if it is past the reconciler's grace period. */
  reconcileNow: (transactionId: string) => Promise<unknown>;
  /** RECONCILE_AFTER_MS and RECONCILE_INTERVAL_MS: when the reconciler settles a PENDING attempt at the latest. */
  graceMs: number;
  intervalMs: number;
  logger: Logger;
  now?: () => number;
}

/**
 * With the key claimed and no answer recorded on it, the earlier attempts under the key: the
 * answer is one that succeeded (or was since refunded); none, or only failed ones, lets the
 * request charge. One still PENDING died (or is dying) without recording its outcome, and may
 * have captured: it is reconciled now when it can be, else the request is refused with
 * IDEMPOTENCY_IN_PROGRESS and a Retry-After for when the reconciler will have settled it. So a
 * retry never charges a second time while the first capture is unsettled.
 */
export function createFindEarlierAttempt(ports: EarlierAttemptPorts) {
  const { transactions, idempotencyKeys, reconcileNow, graceMs, intervalMs, logger, now = Date.now } = ports;
  const find = (claim: IdempotencyClaim, bookingId: string) => transactions.findLiveForIdempotencyKey(claim.userId, claim.key, bookingId);

  return async (claim: IdempotencyClaim, bookingId: string): Promise<Transaction | undefined> => {
    let earlier = await find(claim, bookingId);
    if (earlier?.status === 'PENDING') {
      const { id } = earlier;
      // The periodic reconciler tries again; meanwhile the attempt counts as unsettled.
      await reconcileNow(id).catch((error: unknown) => logger.warn({ err: error, transaction_id: id }, 'could not reconcile an earlier attempt now'));
      earlier = await find(claim, bookingId);
    }
    if (!earlier) return undefined;
    if (earlier.status === 'PENDING') {
      await idempotencyKeys.release(claim);
      const settledBy = earlier.updatedAt.getTime() + graceMs + intervalMs;
      throw new RetryLaterError(
        'IDEMPOTENCY_IN_PROGRESS',
        'An earlier payment with this Idempotency-Key has not settled yet; it is being reconciled with the provider. Try again later.',
        Math.max(intervalMs, settledBy - now()) / 1000,
      );
    }
    await idempotencyKeys.complete(claim, earlier.id);
    return earlier;
  };
}

export type FindEarlierAttempt = ReturnType<typeof createFindEarlierAttempt>;
