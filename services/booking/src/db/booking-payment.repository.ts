import type { Queryable } from '@ticres/shared';
import type { Booking, BookingStatus } from '../domain/booking';
import type { PaymentRejectionReason } from '../domain/payment';
import type { ClaimState } from '../usecases/claim-for-payment';
import type { PaymentState } from '../usecases/confirm-payment';
import { BOOKING_COLUMNS, bookingColumnsOf, withSeats as loadSeats, type BookingRow } from './booking-rows';

/**
 * The payment side of bookings: claims, PAID and REFUNDED, and the captures booking refused.
 * Transitions are conditional updates, as in booking.repository.ts.
 */
export function createBookingPaymentRepository(db: Queryable) {
  const withSeats = (rows: BookingRow[]) => loadSeats(db, rows);

  return {
    /**
     * Claims the caller's PENDING, unexpired booking of an event still on sale for one payment,
     * for `ttlSeconds`, unless another payment holds a fresh claim (the same payment may claim
     * again, which extends it). Undefined when any of that does not hold: see `findClaimState`.
     */
    async claimForPayment(id: string, userId: string, paymentId: string, ttlSeconds: number): Promise<Booking | undefined> {
      const { rows } = await db.query<BookingRow>(
        /* sql */ `
        UPDATE bookings b SET claim_payment_id = $3, claimed_until = now() + make_interval(secs => $4), updated_at = now()
        FROM events e
        WHERE b.id = $1 AND b.user_id = $2 AND b.status = 'PENDING' AND b.expires_at > now()
          AND e.id = b.event_id AND e.status = 'available' AND e.starts_at > now()
          AND (b.claim_payment_id IS NULL OR b.claim_payment_id = $3 OR b.claimed_until <= now())
        RETURNING ${bookingColumnsOf('b')}`,
        [id, userId, paymentId, ttlSeconds],
      );
      return (await withSeats(rows))[0];
    },

    /** Why a claim was refused: the booking, its claim and its event, with the database's clock. */
    async findClaimState(id: string): Promise<ClaimState | undefined> {
      const { rows } = await db.query<{
        user_id: string;
        status: BookingStatus;
        expires_at: Date;
        claim_payment_id: string | null;
        claimed_until: Date | null;
        event_id: string;
        event_status: string;
        starts_at: Date | null;
        currency: string | null;
        db_now: Date;
      }>(
        /* sql */ `
        SELECT b.user_id, b.status, b.expires_at, b.claim_payment_id, b.claimed_until,
               e.id AS event_id, e.status AS event_status, e.starts_at, e.currency, now() AS db_now
        FROM bookings b JOIN events e ON e.id = b.event_id
        WHERE b.id = $1`,
        [id],
      );
      const row = rows[0];
      return (
        row && {
          userId: row.user_id,
          status: row.status,
          expiresAt: row.expires_at,
          claimPaymentId: row.claim_payment_id,
          claimedUntil: row.claimed_until,
          event: { id: row.event_id, status: row.event_status, startsAt: row.starts_at, currency: row.currency },
          now: row.db_now,
        }
      );
    },

    /** Drops the payment's claim on the owner's booking; undefined when it is not the owner's. */
    async releaseClaim(id: string, userId: string, paymentId: string): Promise<Booking | undefined> {
      const { rows } = await db.query<BookingRow>(
        /* sql */ `
        UPDATE bookings SET claim_payment_id = NULL, claimed_until = NULL, updated_at = now()
        WHERE id = $1 AND user_id = $2 AND claim_payment_id = $3
        RETURNING ${BOOKING_COLUMNS}`,
        [id, userId, paymentId],
      );
      return (await withSeats(rows))[0];
    },

    /** The booking's event (which never changes), read without a lock. */
    async findEventId(id: string): Promise<string | undefined> {
      const { rows } = await db.query<{ event_id: string }>(/* sql */ `SELECT event_id FROM bookings WHERE id = $1`, [id]);
      return rows[0]?.event_id;
    },

    /** Status and paying transaction, the row locked until the transaction ends. */
    async lockPaymentState(id: string): Promise<PaymentState | undefined> {
      const { rows } = await db.query<{ user_id: string; event_id: string; status: BookingStatus; transaction_id: string | null }>(
        /* sql */ `SELECT user_id, event_id, status, transaction_id FROM bookings WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const row = rows[0];
      return row && { userId: row.user_id, eventId: row.event_id, status: row.status, transactionId: row.transaction_id };
    },

    /** PENDING -> PAID by this transaction; the claim has served its purpose. */
    async markPaid(id: string, transactionId: string): Promise<Booking | undefined> {
      const { rows } = await db.query<BookingRow>(
        /* sql */ `
        UPDATE bookings SET status = 'PAID', transaction_id = $2, claim_payment_id = NULL, claimed_until = NULL, updated_at = now()
        WHERE id = $1 AND status = 'PENDING'
        RETURNING ${BOOKING_COLUMNS}`,
        [id, transactionId],
      );
      return (await withSeats(rows))[0];
    },

    /** PAID -> REFUNDED, only for the refund of the transaction that paid it. */
    async markRefunded(id: string, transactionId: string): Promise<Booking | undefined> {
      const { rows } = await db.query<BookingRow>(
        /* sql */ `
        UPDATE bookings SET status = 'REFUNDED', updated_at = now()
        WHERE id = $1 AND status = 'PAID' AND transaction_id = $2
        RETURNING ${BOOKING_COLUMNS}`,
        [id, transactionId],
      );
      return (await withSeats(rows))[0];
    },

    /** The PAID bookings of the event with the transaction that paid each. */
    async paidOfEvent(eventId: string): Promise<Array<{ id: string; userId: string; transactionId: string }>> {
      const { rows } = await db.query<{ id: string; user_id: string; transaction_id: string }>(
        /* sql */ `
        SELECT id, user_id, transaction_id FROM bookings
        WHERE event_id = $1 AND status = 'PAID' AND transaction_id IS NOT NULL
        ORDER BY id`,
        [eventId],
      );
      return rows.map((row) => ({ id: row.id, userId: row.user_id, transactionId: row.transaction_id }));
    },

    /**
     * Remembers that booking refused this transaction's money; false when it had already, so
     * `booking.payment_rejected` is written once per transaction whatever the redeliveries.
     */
    async recordRejection(transactionId: string, bookingId: string, reason: PaymentRejectionReason): Promise<boolean> {
      const { rowCount } = await db.query(
        /* sql */ `
        INSERT INTO payment_rejections (transaction_id, booking_id, reason) VALUES ($1, $2, $3)
        ON CONFLICT (transaction_id) DO NOTHING`,
        [transactionId, bookingId, reason],
      );
      return (rowCount ?? 0) > 0;
    },
  };
}

export type BookingPaymentRepository = ReturnType<typeof createBookingPaymentRepository>;
