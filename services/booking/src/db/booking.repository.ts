import { isUniqueViolation, type Queryable } from '@ticres/shared';
import type { Booking, BookingStatus } from '../domain/booking';
import { seatsUnavailable } from '../domain/errors';
import type { BookingFilter, BookingSort, Page, PageRequest } from '../domain/paging';
import type { HoldCounting, HoldTally } from '../domain/hold-limits';
import type { BookingState } from '../usecases/cancel-booking';
import { BOOKING_COLUMNS, withSeats as loadSeats, type BookingRow } from './booking-rows';

/** The partial unique index that keeps a seat out of two live bookings. */
const ONE_LIVE_BOOKING_PER_SEAT = 'booking_items_one_live_booking_per_seat';

const ORDER_BY: Record<BookingSort, string> = {
  created_at: 'created_at, id',
  '-created_at': 'created_at DESC, id DESC',
  total_cents: 'total_cents, created_at DESC, id DESC',
  '-total_cents': 'total_cents DESC, created_at DESC, id DESC',
};

interface HoldTallyRow {
  open_holds_on_event: number;
  open_seats_of_user: number;
  open_seats_of_address: number;
  cooldown_left_seconds: number;
}

/** Bookings and their items. Transitions are conditional updates: `... WHERE status = <expected>`. */
export function createBookingRepository(db: Queryable) {
  const withSeats = (rows: BookingRow[]) => loadSeats(db, rows);

  return {
    /**
     * One statement for every anti-hoarding rule: the person's open holds on the event, their
     * seats on hold anywhere, the seats on hold on the event from the client address (when given),
     * and the seconds left of their cool-down there. A hold is released when it is cancelled or
     * when it runs out (`expires_at`, whether or not the sweeper has marked it yet).
     */
    async tallyForHold(eventId: string, { userId, clientAddress }: HoldCounting, cooldownSeconds: number): Promise<HoldTally> {
      const { rows } = await db.query<HoldTallyRow>(
        /* sql */ `
        SELECT
          (SELECT count(*)::int FROM bookings
            WHERE user_id = $1 AND event_id = $2 AND status = 'PENDING' AND expires_at > now()) AS open_holds_on_event,
          (SELECT count(*)::int FROM bookings b JOIN booking_items i ON i.booking_id = b.id
            WHERE b.user_id = $1 AND b.status = 'PENDING' AND b.expires_at > now()) AS open_seats_of_user,
          (SELECT count(*)::int FROM bookings b JOIN booking_items i ON i.booking_id = b.id
            WHERE $3::text IS NOT NULL AND b.event_id = $2 AND b.client_address = $3
              AND b.status = 'PENDING' AND b.expires_at > now()) AS open_seats_of_address,
          (SELECT coalesce(ceil(extract(epoch FROM
              max(CASE WHEN status = 'CANCELLED' THEN updated_at ELSE expires_at END) + make_interval(secs => $4::int) - now())), 0)::int
            FROM bookings
            WHERE $4::int > 0 AND user_id = $1 AND event_id = $2
              AND (status IN ('CANCELLED', 'EXPIRED') OR (status = 'PENDING' AND expires_at <= now()))) AS cooldown_left_seconds`,
        [userId, eventId, clientAddress ?? null, cooldownSeconds],
      );
      const row = rows[0]!;
      return {
        openHoldsOnEvent: row.open_holds_on_event,
        openSeatsOfUser: row.open_seats_of_user,
        openSeatsOfAddressOnEvent: row.open_seats_of_address,
        cooldownLeftSeconds: Math.max(0, row.cooldown_left_seconds),
      };
    },

    /**
     * Inserts the PENDING booking with one active item per seat and turns those seats held, in one
     * statement; returns how many seats turned held (those still available). A seat live in
     * another booking is SEAT_UNAVAILABLE.
     */
    async insertHold(booking: Booking, clientAddress: string | undefined): Promise<number> {
      const seatIds = booking.seats.map((s) => s.id);
      try {
        const { rows } = await db.query<{ held: number }>(
          /* sql */ `
          WITH booking AS (
            INSERT INTO bookings (${BOOKING_COLUMNS}, client_address)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $13)
          ), items AS (
            INSERT INTO booking_items (booking_id, seat_id, label, price_cents, position)
            SELECT $1, s.seat_id, s.label, s.price_cents, s.position - 1
            FROM unnest($10::uuid[], $11::text[], $12::bigint[]) WITH ORDINALITY AS s (seat_id, label, price_cents, position)
          ), held AS (
            UPDATE seats SET status = 'held', booking_id = $1, updated_at = now()
            WHERE id = ANY($10::uuid[]) AND status = 'available'
            RETURNING 1
          )
          SELECT count(*)::int AS held FROM held`,
          [
            booking.id,
            booking.userId,
            booking.eventId,
            booking.status,
            booking.totalCents,
            booking.currency,
            booking.expiresAt,
            booking.createdAt,
            booking.updatedAt,
            seatIds,
            booking.seats.map((s) => s.label),
            booking.seats.map((s) => s.priceCents),
            clientAddress ?? null,
          ],
        );
        return rows[0]!.held;
      } catch (error) {
        if (isUniqueViolation(error, ONE_LIVE_BOOKING_PER_SEAT)) throw seatsUnavailable();
        throw error;
      }
    },

    async findById(id: string): Promise<Booking | undefined> {
      const { rows } = await db.query<BookingRow>(/* sql */ `SELECT ${BOOKING_COLUMNS} FROM bookings WHERE id = $1`, [id]);
      return (await withSeats(rows))[0];
    },

    async findState(id: string): Promise<BookingState | undefined> {
      const { rows } = await db.query<{ user_id: string; status: BookingStatus; expires_at: Date; db_now: Date }>(
        /* sql */ `SELECT user_id, status, expires_at, now() AS db_now FROM bookings WHERE id = $1`,
        [id],
      );
      const row = rows[0];
      return row && { userId: row.user_id, status: row.status, expiresAt: row.expires_at, now: row.db_now };
    },

    /** PENDING -> CANCELLED for the owner, while the hold runs; undefined when that does not apply. */
    async cancelPending(id: string, userId: string): Promise<Booking | undefined> {
      const { rows } = await db.query<BookingRow>(
        /* sql */ `
        UPDATE bookings SET status = 'CANCELLED', updated_at = now()
        WHERE id = $1 AND user_id = $2 AND status = 'PENDING' AND expires_at > now()
        RETURNING ${BOOKING_COLUMNS}`,
        [id, userId],
      );
      return (await withSeats(rows))[0];
    },

    /**
     * PENDING -> EXPIRED for up to `limit` bookings past their deadline, oldest first, unless a
     * payment's claim on them is still fresh. Bookings another sweeper (or a cancellation, or a
     * payment being confirmed) has locked are skipped, so replicas share the work.
     */
    async expireDue(limit: number): Promise<Booking[]> {
      const { rows } = await db.query<BookingRow>(
        /* sql */ `
        WITH due AS (
          SELECT id AS due_id FROM bookings
          WHERE status = 'PENDING' AND expires_at <= now()
            -- A payment charging for it right now: confirming it beats expiring it (invariant 3).
            AND (claimed_until IS NULL OR claimed_until <= now())
          ORDER BY expires_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED
        )
        UPDATE bookings SET status = 'EXPIRED', updated_at = now()
        FROM due WHERE id = due.due_id AND status = 'PENDING'
        RETURNING ${BOOKING_COLUMNS}`,
        [limit],
      );
      return withSeats(rows);
    },

    /** PENDING -> CANCELLED for every pending booking of the event. */
    async cancelPendingOfEvent(eventId: string): Promise<Booking[]> {
      const { rows } = await db.query<BookingRow>(
        /* sql */ `
        UPDATE bookings SET status = 'CANCELLED', updated_at = now()
        WHERE event_id = $1 AND status = 'PENDING'
        RETURNING ${BOOKING_COLUMNS}`,
        [eventId],
      );
      return withSeats(rows);
    },

    /** The bookings' seats are no longer theirs: the unique index lets another booking have them. */
    async deactivateItems(bookingIds: readonly string[]): Promise<void> {
      await db.query(/* sql */ `UPDATE booking_items SET active = false WHERE booking_id = ANY($1::uuid[]) AND active`, [bookingIds]);
    },

    async listByUser(userId: string, { page, limit }: PageRequest): Promise<Page<Booking>> {
      const { rows } = await db.query<BookingRow>(
        /* sql */ `
        SELECT ${BOOKING_COLUMNS} FROM bookings WHERE user_id = $1
        ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
        [userId, limit, (page - 1) * limit],
      );
      const count = await db.query<{ n: number }>(/* sql */ `SELECT count(*)::int AS n FROM bookings WHERE user_id = $1`, [userId]);
      return { items: await withSeats(rows), total: count.rows[0]!.n, page, limit };
    },

    async list({ status, eventId, sort }: BookingFilter, { page, limit }: PageRequest): Promise<Page<Booking>> {
      const where = /* sql */ `($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR event_id = $2)`;
      const filter = [status ?? null, eventId ?? null];
      const { rows } = await db.query<BookingRow>(
        /* sql */ `SELECT ${BOOKING_COLUMNS} FROM bookings WHERE ${where} ORDER BY ${ORDER_BY[sort]} LIMIT $3 OFFSET $4`,
        [...filter, limit, (page - 1) * limit],
      );
      const count = await db.query<{ n: number }>(/* sql */ `SELECT count(*)::int AS n FROM bookings WHERE ${where}`, filter);
      return { items: await withSeats(rows), total: count.rows[0]!.n, page, limit };
    },
  };
}

export type BookingRepository = ReturnType<typeof createBookingRepository>;
