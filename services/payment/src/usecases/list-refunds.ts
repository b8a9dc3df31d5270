import { requireRole, validationError, type FieldError, type Principal } from '@ticres/shared';
import { REFUND_STATUSES, type Refund, type RefundStatus } from '../domain/transaction';

export const MAX_PAGE_SIZE = 100;

export interface RefundListQuery {
  /** Every status when undefined. */
  status: RefundStatus | undefined;
  page: number;
  limit: number;
}

export interface RefundPage {
  refunds: Refund[];
  total: number;
}

export interface ListRefundsInput {
  /** Empty for every status (proto3 leaves absent fields empty). */
  status: string;
  page: number;
  limit: number;
}

export interface ListRefundsPorts {
  refunds: { list(query: RefundListQuery): Promise<RefundPage> };
}

export type ListRefunds = (caller: Principal, input: ListRefundsInput) => Promise<RefundPage & { page: number; limit: number }>;

const isRefundStatus = (value: string): value is RefundStatus => (REFUND_STATUSES as readonly string[]).includes(value);

function parseRefundQuery({ status, page, limit }: ListRefundsInput): RefundListQuery {
  const problems: FieldError[] = [];
  if (status !== '' && !isRefundStatus(status)) problems.push({ field: 'status', message: `must be one of ${REFUND_STATUSES.join(', ')}` });
  if (!Number.isInteger(page) || page < 0) problems.push({ field: 'page', message: 'must be a positive integer' });
  if (!Number.isInteger(limit) || limit < 0) problems.push({ field: 'limit', message: 'must be a positive integer' });
  if (problems.length > 0) throw validationError(problems);
  return {
    status: status === '' ? undefined : (status as RefundStatus),
    // 0 is proto3's "not given".
    page: page || 1,
    limit: Math.min(limit || 20, MAX_PAGE_SIZE),
  };
}

/**
 * Admin only: refunds, most recently changed first, optionally of one status. `FAILED` lists the
 * refunds that gave up after REFUND_MAX_ATTEMPTS, and `total` counts them.
 */
export function createListRefunds({ refunds }: ListRefundsPorts): ListRefunds {
  return async (caller, input) => {
    requireRole(caller, 'admin');
    const query = parseRefundQuery(input);
    return { ...(await refunds.list(query)), page: query.page, limit: query.limit };
  };
}
