import { newId, type Queryable } from '@ticres/shared';
import { refundExternalId } from '../domain/payment-method';
import { refundStatusesBefore, type ClaimedTransaction, type Refund, type RefundStatus } from '../domain/transaction';
import type { RefundListQuery, RefundPage } from '../usecases/list-refunds';
import type { PendingRefund } from '../usecases/process-refunds';
import { TRANSACTION_COLUMNS, toTransaction, type TransactionRow } from './transaction.repository';

const REFUND_COLUMNS = /* sql */ `id, transaction_id, booking_id, amount_cents, status, reason, external_id, attempts, last_error, created_at, updated_at`;

interface RefundRow {
  id: string;
  transaction_id: string;
  booking_id: string;
  amount_cents: string;
  status: RefundStatus;
  reason: string;
  external_id: string;
  attempts: number;
  last_error: string | null;
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
    lastError: row.last_error,
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
     * Locks one PENDING refund (oldest first, skipping those another runner holds) with its
     * transaction, leaving out the ids in `skip`; the lock lasts until the database transaction
     * ends. The refund of `transactionId` is waited for when another runner holds it, so the
     * caller sees how that attempt ended.
     */
    async claimPending({ transactionId, skip }: { transactionId?: string; skip: readonly string[] }): Promise<PendingRefund | undefined> {
      const { rows } = await db.query<RefundRow & { transaction: TransactionRow }>(
        /* sql */ `
        SELECT r.id, r.transaction_id, r.booking_id, r.amount_cents, r.status, r.reason, r.external_id, r.attempts,
               r.last_error, r.created_at, r.updated_at, to_jsonb(t) AS transaction
        FROM refunds r
        JOIN (SELECT ${TRANSACTION_COLUMNS} FROM transactions) t ON t.id = r.transaction_id
        WHERE r.status = 'PENDING' AND ($1::uuid IS NULL OR r.transaction_id = $1) AND NOT (r.id = ANY($2::uuid[]))
        ORDER BY r.created_at, r.id
        LIMIT 1
        FOR UPDATE OF r ${transactionId === undefined ? 'SKIP LOCKED' : ''}`,
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

    /**
     * Counts the failed attempt and keeps its error for operators. The refund stays PENDING for the
     * next run, or turns FAILED once it has failed `maxAttempts` times; resolves with its status.
     */
    async recordFailedAttempt(id: string, error: string, maxAttempts: number): Promise<RefundStatus | undefined> {
      const { rows } = await db.query<{ status: RefundStatus }>(
        /* sql */ `
        UPDATE refunds
        SET attempts = attempts + 1, last_error = left($2, 500), updated_at = now(),
            status = CASE WHEN attempts + 1 >= $3 THEN 'FAILED' ELSE status END
        WHERE id = $1 AND status = 'PENDING'
        RETURNING status`,
        [id, error, maxAttempts],
      );
      return rows[0]?.status;
    },

    async findById(id: string): Promise<Refund | undefined> {
      const { rows } = await db.query<RefundRow>(/* sql */ `SELECT ${REFUND_COLUMNS} FROM refunds WHERE id = $1`, [id]);
      return rows[0] && toRefund(rows[0]);
    },

    /** FAILED -> PENDING with its attempts counted afresh; undefined when it was not FAILED. */
    async reopen(id: string): Promise<Refund | undefined> {
      const { rows } = await db.query<RefundRow>(
        /* sql */ `
        UPDATE refunds SET status = 'PENDING', attempts = 0, updated_at = now()
        WHERE id = $1 AND status = ANY($2::text[])
        RETURNING ${REFUND_COLUMNS}`,
        [id, refundStatusesBefore('PENDING')],
      );
      return rows[0] && toRefund(rows[0]);
    },

    /** One page of refunds (of one status, when given), most recently changed first, with the total. */
    async list({ status, page, limit }: RefundListQuery): Promise<RefundPage> {
      const { rows } = await db.query<RefundRow & { total: string }>(
        /* sql */ `
        SELECT ${REFUND_COLUMNS}, count(*) OVER () AS total FROM refunds
        WHERE $1::text IS NULL OR status = $1
        ORDER BY updated_at DESC, id DESC
        LIMIT $2 OFFSET $3`,
        [status ?? null, limit, (page - 1) * limit],
      );
      if (rows.length > 0) return { refunds: rows.map(toRefund), total: Number(rows[0]!.total) };
      // A page past the end has no row to carry the total.
      const { rows: counted } = await db.query<{ total: string }>(
        /* sql */ `SELECT count(*) AS total FROM refunds WHERE $1::text IS NULL OR status = $1`,
        [status ?? null],
      );
      return { refunds: [], total: Number(counted[0]!.total) };
    },
  };
}

export type RefundRepository = ReturnType<typeof createRefundRepository>;
