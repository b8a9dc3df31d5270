import { isUniqueViolation, type Queryable } from '@ticres/shared';
import { bookingAlreadyPaid } from '../domain/errors';
import type { PaymentMethod } from '../domain/payment-method';
import { transactionStatusesBefore, type ClaimedTransaction, type FailureReason, type Transaction, type TransactionStatus } from '../domain/transaction';

const ONE_SUCCESS_PER_BOOKING = 'transactions_one_success_per_booking';

export const TRANSACTION_COLUMNS = /* sql */ `id, booking_id, user_id, event_id, amount_cents, currency, payment_method, status,
  external_id, failure_reason, idempotency_key, created_at, updated_at`;

export interface TransactionRow {
  id: string;
  booking_id: string;
  user_id: string;
  event_id: string | null;
  // bigint: pg hands it over as a string.
  amount_cents: string | null;
  currency: string | null;
  payment_method: PaymentMethod;
  status: TransactionStatus;
  external_id: string;
  failure_reason: FailureReason | null;
  idempotency_key: string | null;
  created_at: Date;
  updated_at: Date;
}

export function toTransaction(row: TransactionRow): Transaction {
  return {
    id: row.id,
    bookingId: row.booking_id,
    userId: row.user_id,
    eventId: row.event_id,
    amountCents: row.amount_cents === null ? null : Number(row.amount_cents),
    currency: row.currency,
    paymentMethod: row.payment_method,
    status: row.status,
    externalId: row.external_id,
    failureReason: row.failure_reason,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Rows that went through a claim always carry what was charged (a constraint says so). */
const toClaimed = (row: TransactionRow) => toTransaction(row) as ClaimedTransaction;

export interface NewPendingTransaction {
  id: string;
  bookingId: string;
  userId: string;
  paymentMethod: PaymentMethod;
  externalId: string;
  /** The caller's Idempotency-Key the attempt was made under, if any. */
  idempotencyKey?: string | undefined;
}

export interface UnsettledFilter {
  /** Only this transaction. */
  transactionId?: string | undefined;
  /** Untouched for at least this long: its attempt has given up or died. */
  olderThanMs: number;
  /** Ids this run has seen already. */
  skip: readonly string[];
}

export interface ClaimDetails {
  eventId: string;
  amountCents: number;
  currency: string;
}

/**
 * Transactions. Every transition is a conditional update from the statuses the domain's state
 * machine allows before it (`transactionStatusesBefore`).
 */
export function createTransactionRepository(db: Queryable) {
  const one = async (sql: string, params: unknown[]) => (await db.query<TransactionRow>(sql, params)).rows[0];

  return {
    async insertPending({ id, bookingId, userId, paymentMethod, externalId, idempotencyKey }: NewPendingTransaction): Promise<Transaction> {
      const row = await one(
        /* sql */ `
        INSERT INTO transactions (id, booking_id, user_id, payment_method, status, external_id, idempotency_key)
        VALUES ($1, $2, $3, $4, 'PENDING', $5, $6)
        RETURNING ${TRANSACTION_COLUMNS}`,
        [id, bookingId, userId, paymentMethod, externalId, idempotencyKey ?? null],
      );
      return toTransaction(row!);
    },

    async findById(id: string): Promise<Transaction | undefined> {
      const row = await one(/* sql */ `SELECT ${TRANSACTION_COLUMNS} FROM transactions WHERE id = $1`, [id]);
      return row && toTransaction(row);
    },

    /**
     * The attempt for the booking made under the caller's Idempotency-Key that still matters: the one
     * that succeeded (or was since refunded), else one still PENDING. Failed attempts do not count.
     */
    async findLiveForIdempotencyKey(userId: string, key: string, bookingId: string): Promise<Transaction | undefined> {
      const row = await one(
        /* sql */ `
        SELECT ${TRANSACTION_COLUMNS} FROM transactions
        WHERE user_id = $1 AND idempotency_key = $2 AND booking_id = $3 AND status <> 'FAILED'
        ORDER BY status = 'PENDING', created_at DESC, id DESC
        LIMIT 1`,
        [userId, key, bookingId],
      );
      return row && toTransaction(row);
    },

    /**
     * Locks one PENDING transaction untouched for `olderThanMs` (oldest first), skipping those
     * another reconciler holds; the lock lasts until the database transaction ends.
     */
    async claimUnsettled({ transactionId, olderThanMs, skip }: UnsettledFilter): Promise<Transaction | undefined> {
      const row = await one(
        /* sql */ `
        SELECT ${TRANSACTION_COLUMNS} FROM transactions
        WHERE status = 'PENDING' AND updated_at <= now() - make_interval(secs => $1 / 1000.0)
          AND ($2::uuid IS NULL OR id = $2) AND NOT (id = ANY($3::uuid[]))
        ORDER BY updated_at, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
        [olderThanMs, transactionId ?? null, skip],
      );
      return row && toTransaction(row);
    },

    /** The SUCCEEDED (or since REFUNDED) transaction of the booking, if any. */
    async findSuccessfulForBooking(bookingId: string): Promise<Transaction | undefined> {
      const row = await one(/* sql */ `SELECT ${TRANSACTION_COLUMNS} FROM transactions WHERE booking_id = $1 AND status IN ('SUCCEEDED', 'REFUNDED')`, [
        bookingId,
      ]);
      return row && toTransaction(row);
    },

    /** The booking's transactions that booking accepted a claim for, newest first. */
    async listClaimedForBooking(bookingId: string): Promise<ClaimedTransaction[]> {
      const { rows } = await db.query<TransactionRow>(
        /* sql */ `
        SELECT ${TRANSACTION_COLUMNS} FROM transactions
        WHERE booking_id = $1 AND event_id IS NOT NULL
        ORDER BY created_at DESC, id DESC`,
        [bookingId],
      );
      return rows.map(toClaimed);
    },

    /** The transaction when it is REFUNDED, else undefined. */
    async findRefunded(id: string): Promise<ClaimedTransaction | undefined> {
      const row = await one(/* sql */ `SELECT ${TRANSACTION_COLUMNS} FROM transactions WHERE id = $1 AND status = 'REFUNDED'`, [id]);
      return row && toClaimed(row);
    },

    /** Ids of the event's SUCCEEDED transactions. */
    async succeededIdsOfEvent(eventId: string): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>(/* sql */ `SELECT id FROM transactions WHERE event_id = $1 AND status = 'SUCCEEDED' ORDER BY id`, [
        eventId,
      ]);
      return rows.map((row) => row.id);
    },

    /** Records what booking's claim says is to be charged; the transaction stays PENDING. */
    async recordClaim(id: string, { eventId, amountCents, currency }: ClaimDetails): Promise<ClaimedTransaction | undefined> {
      const row = await one(
        /* sql */ `
        UPDATE transactions SET event_id = $2, amount_cents = $3, currency = $4, updated_at = now()
        WHERE id = $1 AND status = 'PENDING'
        RETURNING ${TRANSACTION_COLUMNS}`,
        [id, eventId, amountCents, currency],
      );
      return row && toClaimed(row);
    },

    /**
     * PENDING -> SUCCEEDED. Throws ALREADY_PAID when another transaction of the booking succeeded
     * (the unique index); the caller's database transaction is then aborted.
     */
    async markSucceeded(id: string): Promise<ClaimedTransaction | undefined> {
      try {
        const row = await one(
          /* sql */ `
          UPDATE transactions SET status = 'SUCCEEDED', updated_at = now()
          WHERE id = $1 AND status = ANY($2::text[]) AND event_id IS NOT NULL
          RETURNING ${TRANSACTION_COLUMNS}`,
          [id, transactionStatusesBefore('SUCCEEDED')],
        );
        return row && toClaimed(row);
      } catch (error) {
        if (isUniqueViolation(error, ONE_SUCCESS_PER_BOOKING)) throw bookingAlreadyPaid();
        throw error;
      }
    },

    /** PENDING -> FAILED; undefined when it was not PENDING. */
    async markFailed(id: string, reason: FailureReason): Promise<Transaction | undefined> {
      const row = await one(
        /* sql */ `
        UPDATE transactions SET status = 'FAILED', failure_reason = $2, updated_at = now()
        WHERE id = $1 AND status = ANY($3::text[])
        RETURNING ${TRANSACTION_COLUMNS}`,
        [id, reason, transactionStatusesBefore('FAILED')],
      );
      return row && toTransaction(row);
    },

    /** SUCCEEDED -> REFUNDED; undefined when it was not SUCCEEDED. */
    async markRefunded(id: string): Promise<ClaimedTransaction | undefined> {
      const row = await one(
        /* sql */ `
        UPDATE transactions SET status = 'REFUNDED', updated_at = now()
        WHERE id = $1 AND status = ANY($2::text[])
        RETURNING ${TRANSACTION_COLUMNS}`,
        [id, transactionStatusesBefore('REFUNDED')],
      );
      return row && toClaimed(row);
    },
  };
}

export type TransactionRepository = ReturnType<typeof createTransactionRepository>;
