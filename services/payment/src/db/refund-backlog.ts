import type { Queryable } from '@ticres/shared';

/** Refunds money is still owed on: PENDING ones (the runner's queue) and FAILED ones (given up). */
export interface RefundBacklog {
  pending: number;
  /** Age of the oldest PENDING refund; 0 when none is pending. */
  oldestPendingAgeSeconds: number;
  failed: number;
}

/** Three reads on the partial indexes `refunds_pending` and `refunds_failed`: cheap at any table size. */
export async function readRefundBacklog(db: Queryable): Promise<RefundBacklog> {
  const { rows } = await db.query<{ pending: number; oldest_pending_age_seconds: number; failed: number }>(/* sql */ `
    SELECT (SELECT count(*) FROM refunds WHERE status = 'PENDING')::int AS pending,
           (SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0) FROM refunds WHERE status = 'PENDING')::float8
             AS oldest_pending_age_seconds,
           (SELECT count(*) FROM refunds WHERE status = 'FAILED')::int AS failed`);
  const row = rows[0]!;
  return { pending: row.pending, oldestPendingAgeSeconds: row.oldest_pending_age_seconds, failed: row.failed };
}
