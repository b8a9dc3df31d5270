import type { Queryable } from '@ticres/shared';
import type { SeatRecord, SeatStatus, Seat } from '../domain/seat';

interface SeatRow {
  id: string;
  event_id: string;
  label: string;
  section: string;
  section_position: number;
  row: string | null;
  number: number;
  ordinal: number;
  price_cents: string;
  status: SeatStatus;
}

const SEAT_COLUMNS = /* sql */ `id, event_id, label, section, section_position, "row", number, ordinal, price_cents, status`;

const SAVEPOINT = 'pick_seats';

function toSeatRecord(row: SeatRow): SeatRecord {
  return {
    id: row.id,
    eventId: row.event_id,
    label: row.label,
    section: row.section,
    sectionPosition: row.section_position,
    row: row.row,
    number: row.number,
    ordinal: row.ordinal,
    // bigint arrives as a string; seat prices are far below 2^53.
    priceCents: Number(row.price_cents),
    status: row.status,
  };
}

function toSeat(row: SeatRow): Seat {
  const { id, eventId, label, section, row: seatRow, number, priceCents, status } = toSeatRecord(row);
  return { id, eventId, label, section, row: seatRow, number, priceCents, status };
}

export interface AvailableSeatQuery {
  eventId: string;
  /** Only this section; every section, dearest first, when undefined. */
  section: string | undefined;
}

/** Available seats of the event (or one section) best first: dearest section, then layout order. */
async function availableBestFirst(db: Queryable, { eventId, section }: AvailableSeatQuery, limit: number, locking: string): Promise<SeatRecord[]> {
  const { rows } =
    section === undefined
      ? await db.query<SeatRow>(
          /* sql */ `
          SELECT ${SEAT_COLUMNS} FROM seats
          WHERE event_id = $1 AND status = 'available'
          ORDER BY price_cents DESC, section_position, ordinal
          LIMIT $2 ${locking}`,
          [eventId, limit],
        )
      : await db.query<SeatRow>(
          /* sql */ `
          SELECT ${SEAT_COLUMNS} FROM seats
          WHERE event_id = $1 AND section = $2 AND status = 'available'
          ORDER BY ordinal
          LIMIT $3 ${locking}`,
          [eventId, section, limit],
        );
  return rows.map(toSeatRecord);
}

/**
 * Seat inventory. Every statement that locks several seats locks them in id order, the one
 * order all writers share, so two of them never wait on each other in a cycle.
 */
export function createSeatRepository(db: Queryable) {
  return {
    /** The event's first `limit` seats in layout order. */
    async listByEvent(eventId: string, limit: number): Promise<Seat[]> {
      const { rows } = await db.query<SeatRow>(
        /* sql */ `SELECT ${SEAT_COLUMNS} FROM seats WHERE event_id = $1 ORDER BY section_position, ordinal LIMIT $2`,
        [eventId, limit],
      );
      return rows.map(toSeat);
    },

    /** Locks the named seats (those that exist, of any event), waiting for other holders. */
    async lockByIds(ids: readonly string[]): Promise<SeatRecord[]> {
      const { rows } = await db.query<SeatRow>(/* sql */ `SELECT ${SEAT_COLUMNS} FROM seats WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
      return rows.map(toSeatRecord);
    },

    /**
     * Locks up to `limit` available seats, best first, skipping the ones another transaction has
     * locked right now instead of queueing behind it. Seats this transaction locked already are
     * returned again.
     */
    async lockAvailable(query: AvailableSeatQuery, limit: number): Promise<SeatRecord[]> {
      return availableBestFirst(db, query, limit, 'FOR UPDATE SKIP LOCKED');
    },

    /** Up to `limit` available seats as committed now, best first, locking nothing. */
    async listAvailable(query: AvailableSeatQuery, limit: number): Promise<SeatRecord[]> {
      return availableBestFirst(db, query, limit, '');
    },

    /** Locks those of the seats that are still available and that no other transaction has locked. */
    async lockIfAvailable(ids: readonly string[]): Promise<SeatRecord[]> {
      const { rows } = await db.query<SeatRow>(
        /* sql */ `SELECT ${SEAT_COLUMNS} FROM seats WHERE id = ANY($1::uuid[]) AND status = 'available' ORDER BY id FOR UPDATE SKIP LOCKED`,
        [ids],
      );
      return rows.map(toSeatRecord);
    },

    /**
     * Whether at least `quantity` seats are available as committed now, locked or not. Reads at
     * most `quantity` index entries: counting them all cost 8 ms per call on a 50,000-seat event,
     * the largest item of its best-available holds.
     */
    async hasAvailable({ eventId, section }: AvailableSeatQuery, quantity: number): Promise<boolean> {
      const { rows } = await db.query<{ n: number }>(
        /* sql */ `
        SELECT count(*)::int AS n FROM (
          SELECT 1 FROM seats
          WHERE event_id = $1 AND status = 'available' AND ($2::text IS NULL OR section = $2)
          LIMIT $3
        ) AS enough`,
        [eventId, section ?? null, quantity],
      );
      return rows[0]!.n >= quantity;
    },

    /**
     * Runs `work` inside a savepoint. When it returns undefined, everything it did is undone,
     * row locks included, so seats it locked but did not keep are free for others at once. When it
     * returns seats the savepoint is left open, not released: the commit keeps its work with the
     * transaction's, and a RELEASE would cost a round trip while those seats stay locked.
     */
    async inSavepoint<T>(work: () => Promise<T | undefined>): Promise<T | undefined> {
      await db.query(`SAVEPOINT ${SAVEPOINT}`);
      const result = await work();
      if (result === undefined) await db.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}; RELEASE SAVEPOINT ${SAVEPOINT}`);
      return result;
    },

    /** Puts the held seats of these bookings back on sale; sold seats are never touched. */
    async releaseHeld(bookingIds: readonly string[]): Promise<number> {
      const { rowCount } = await db.query(
        /* sql */ `
        UPDATE seats SET status = 'available', booking_id = NULL, updated_at = now()
        WHERE id IN (
          SELECT id FROM seats WHERE booking_id = ANY($1::uuid[]) AND status = 'held' ORDER BY id FOR UPDATE
        )`,
        [bookingIds],
      );
      return rowCount ?? 0;
    },

    /** The booking's held seats turn sold; returns how many did. */
    async sellHeld(bookingId: string): Promise<number> {
      const { rowCount } = await db.query(
        /* sql */ `
        UPDATE seats SET status = 'sold', updated_at = now()
        WHERE id IN (SELECT id FROM seats WHERE booking_id = $1 AND status = 'held' ORDER BY id FOR UPDATE)`,
        [bookingId],
      );
      return rowCount ?? 0;
    },

    /** The booking's sold seats leave it: back on sale, or void when their event is cancelled. */
    async unsell(bookingId: string, to: 'available' | 'void'): Promise<number> {
      const { rowCount } = await db.query(
        /* sql */ `
        UPDATE seats SET status = $2, booking_id = NULL, updated_at = now()
        WHERE id IN (SELECT id FROM seats WHERE booking_id = $1 AND status = 'sold' ORDER BY id FOR UPDATE)`,
        [bookingId, to],
      );
      return rowCount ?? 0;
    },

    /** Takes every seat of the event off sale (available and held); sold seats stay sold. */
    async voidUnsold(eventId: string): Promise<number> {
      const { rowCount } = await db.query(
        /* sql */ `
        UPDATE seats SET status = 'void', booking_id = NULL, updated_at = now()
        WHERE id IN (
          SELECT id FROM seats WHERE event_id = $1 AND status IN ('available', 'held') ORDER BY id FOR UPDATE
        )`,
        [eventId],
      );
      return rowCount ?? 0;
    },
  };
}

export type SeatRepository = ReturnType<typeof createSeatRepository>;
