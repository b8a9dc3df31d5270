import { AppError, isUuid, requireRole, validationError, type Principal } from '@ticres/shared';
import type { Refund } from '../domain/transaction';

export interface RetryRefundPorts {
  refunds: {
    findById(id: string): Promise<Refund | undefined>;
    /** FAILED -> PENDING with its attempts counted afresh; undefined when it was not FAILED. */
    reopen(id: string): Promise<Refund | undefined>;
  };
  /** Attempts the transaction's PENDING refund now (the refund runner would, later). */
  refundNow: (transactionId: string) => Promise<unknown>;
}

export type RetryRefund = (caller: Principal, refundId: string) => Promise<Refund>;

/**
 * Admin only: a FAILED refund is PENDING again, with REFUND_MAX_ATTEMPTS attempts afresh, and is
 * attempted at once; answers the refund as that attempt left it (COMPLETED, or PENDING for the
 * refund runner to go on). Unknown: NOT_FOUND; not FAILED: CONFLICT.
 */
export function createRetryRefund({ refunds, refundNow }: RetryRefundPorts): RetryRefund {
  return async (caller, refundId) => {
    requireRole(caller, 'admin');
    if (!isUuid(refundId)) throw validationError([{ field: 'id', message: 'must be a UUID' }]);
    const id = refundId.toLowerCase();
    const reopened = await refunds.reopen(id);
    if (!reopened) {
      const refund = await refunds.findById(id);
      if (!refund) throw new AppError('NOT_FOUND', 'No such refund.');
      throw new AppError('CONFLICT', `The refund is ${refund.status}; only a FAILED refund can be retried.`);
    }
    await refundNow(reopened.transactionId);
    return (await refunds.findById(id)) ?? reopened;
  };
}
