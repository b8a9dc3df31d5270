import { newId, type Queryable } from '@ticres/shared';
import { refundExternalId } from '../domain/payment-method';
import { refundStatusesBefore, type ClaimedTransaction, type Refund, type RefundStatus } from '../domain/transaction';
import type { PendingRefund } from '../usecases/process-refunds';
import { TRANSACTION_COLUMNS, toTransaction, type TransactionRow } from './transaction.repository';

const REFUND_COLUMNS = /* sql */ `id, transaction_id, booking_id, amount_cents, status, reason, external_id, attempts, created_at, updated_at`;

interface RefundRow {
  id: string;
  transaction_id: string;
  booking_id: string;
  amount_cents: string;
  status: RefundStatus;
  reason: string;
  external_id: string;
  attempts: number;
  created_at: Date;
  updated_at: Date;
}

function toRefund(row: RefundRow): Refund {
  return {
    id: row.id,
    transactionId: row.transaction_id,
    bookingId: row.booking_id,
    amountCents: Number(row.amount_cents),
    status: row.status,
    reason: row.reason,
    externalId: row.external_id,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Refunds: one per transaction (a unique constraint), whoever asks and however often. */
export function createRefundRepository(db: Queryable) {
  return {
    /**
     * A PENDING refund of the whole transaction, if the transaction holds captured money (SUCCEEDED,
     * or FAILED as a second capture) and has no refund yet. True when this call created it.
     */
    async request(transactionId: string, reason: string): Promise<boolean> {
      const { rowCount } = await db.query(
        /* sql */ `
        INSERT INTO refunds (id, transaction_id, booking_id, amount_cents, status, reason, external_id)
        SELECT $1, t.id, t.booking_id, t.amount_cents, 'PENDING', $3, $4
        FROM transactions t
        WHERE t.id = $2 AND (t.status = 'SUCCEEDED' OR (t.status = 'FAILED' AND t.failure_reason = 'already_paid'))
        ON CONFLICT (transaction_id) DO NOTHING`,
        [newId(), transactionId, reason, refundExternalId(transactionId)],
      );
      return (rowCount ?? 0) > 0;
    },

    async findByTransaction(transactionId: string): Promise<Refund | undefined> {
      const { rows } = await db.query<RefundRow>(/* sql */ `SELECT ${REFUND_COLUMNS} FROM refunds WHERE transaction_id = $1`, [transactionId]);
      return rows[0] && toRefund(rows[0]);
    },

    /**
     * Locks one PENDING refund (oldest first, or the one of `transactionId`) with its transaction,
     * skipping those another runner holds and the ids in `skip`; the lock lasts until the
     * database transaction ends.
     */
    async claimPending({ transactionId, skip }: { transactionId?: string; skip: readonly string[] }): Promise<PendingRefund | undefined> {
      const { rows } = await db.query<RefundRow & { transaction: TransactionRow }>(
        /* sql */ `
        SELECT r.id, r.transaction_id, r.booking_id, r.amount_cents, r.status, r.reason, r.external_id, r.attempts,
               r.created_at, r.updated_at, to_jsonb(t) AS transaction
        FROM refunds r
        JOIN (SELECT ${TRANSACTION_COLUMNS} FROM transactions) t ON t.id = r.transaction_id
        WHERE r.status = 'PENDING' AND ($1::uuid IS NULL OR r.transaction_id = $1) AND NOT (r.id = ANY($2::uuid[]))
        ORDER BY r.created_at, r.id
        LIMIT 1
        FOR UPDATE OF r SKIP LOCKED`,
        [transactionId ?? null, skip],
      );
      const row = rows[0];
      if (!row) return undefined;
      const raw = row.transaction;
      const transaction = toTransaction({ ...raw, created_at: new Date(raw.created_at), updated_at: new Date(raw.updated_at) });
      return { refund: toRefund(row), transaction: transaction as ClaimedTransaction };
    },

    /** PENDING -> COMPLETED. */
    async complete(id: string): Promise<boolean> {
      const { rowCount } = await db.query(
        /* sql */ `UPDATE refunds SET status = 'COMPLETED', updated_at = now() WHERE id = $1 AND status = ANY($2::text[])`,
        [id, refundStatusesBefore('COMPLETED')],
      );
      return (rowCount ?? 0) > 0;
    },

    /** Stays PENDING for the next run; the attempt is counted and its error kept for operators. */
    async recordFailedAttempt(id: string, error: string): Promise<void> {
      await db.query(
        /* sql */ `
        UPDATE refunds SET attempts = attempts + 1, last_error = left($2, 500), updated_at = now()
        WHERE id = $1 AND status = 'PENDING'`,
        [id, error],
      );
    },
  };
}

export type RefundRepository = ReturnType<typeof createRefundRepository>;
