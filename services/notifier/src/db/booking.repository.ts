import type { Queryable } from '@ticres/shared';
import type { BookingSummary } from '../domain/notification';

interface BookingRow {
  booking_id: string;
  user_id: string;
  event_id: string;
  event_name: string;
  event_starts_at: Date;
  seat_labels: string[];
  total_cents: string;
  currency: string;
}

function toBookingSummary(row: BookingRow): BookingSummary {
  return {
    bookingId: row.booking_id,
    userId: row.user_id,
    eventId: row.event_id,
    eventName: row.event_name,
    eventStartsAt: row.event_starts_at,
    seatLabels: row.seat_labels,
    totalCents: Number(row.total_cents),
    currency: row.currency,
  };
}

/** The notifier's projection of bookings: what a booking was when it was made. */
export function createBookingRepository(db: Queryable) {
  return {
    /** Keeps the first copy: a booking's seats, event and total do not change after it is made. */
    async remember(booking: BookingSummary): Promise<void> {
      await db.query(
        /* sql */ `
        INSERT INTO bookings (booking_id, user_id, event_id, event_name, event_starts_at, seat_labels, total_cents, currency)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (booking_id) DO NOTHING`,
        [
          booking.bookingId,
          booking.userId,
          booking.eventId,
          booking.eventName,
          booking.eventStartsAt,
          booking.seatLabels,
          booking.totalCents,
          booking.currency,
        ],
      );
    },

    async find(bookingId: string): Promise<BookingSummary | undefined> {
      const { rows } = await db.query<BookingRow>(
        /* sql */ `
        SELECT booking_id, user_id, event_id, event_name, event_starts_at, seat_labels, total_cents, currency
        FROM bookings WHERE booking_id = $1`,
        [bookingId],
      );
      return rows[0] && toBookingSummary(rows[0]);
    },
  };
}

export type BookingRepository = ReturnType<typeof createBookingRepository>;
