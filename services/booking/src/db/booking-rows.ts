import type { Queryable } from '@ticres/shared';
import type { BookedSeat, Booking, BookingStatus } from '../domain/booking';

/** A `bookings` row as the repositories read it (BOOKING_COLUMNS). */
export interface BookingRow {
  id: string;
  user_id: string;
  event_id: string;
  status: BookingStatus;
  total_cents: string;
  currency: string;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
}

interface ItemRow {
  booking_id: string;
  seat_id: string;
  label: string;
  price_cents: string;
}

export const BOOKING_COLUMNS = /* sql */ `id, user_id, event_id, status, total_cents, currency, expires_at, created_at, updated_at`;

/** BOOKING_COLUMNS of the table under `alias`, for statements that join another table. */
export const bookingColumnsOf = (alias: string): string =>
  BOOKING_COLUMNS.split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');

function toBooking(row: BookingRow, seats: BookedSeat[]): Booking {
  return {
    id: row.id,
    userId: row.user_id,
    eventId: row.event_id,
    status: row.status,
    seats,
    totalCents: Number(row.total_cents),
    currency: row.currency,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function groupSeats(rows: ItemRow[]): Map<string, BookedSeat[]> {
  const seats = new Map<string, BookedSeat[]>();
  for (const row of rows) {
    const list = seats.get(row.booking_id) ?? [];
    list.push({ id: row.seat_id, label: row.label, priceCents: Number(row.price_cents) });
    seats.set(row.booking_id, list);
  }
  return seats;
}

/** The bookings of `rows` with every seat each ever had (active or not), in the booking's order. */
export async function withSeats(db: Queryable, rows: readonly BookingRow[]): Promise<Booking[]> {
  if (rows.length === 0) return [];
  const { rows: items } = await db.query<ItemRow>(
    /* sql */ `
    SELECT booking_id, seat_id, label, price_cents FROM booking_items
    WHERE booking_id = ANY($1::uuid[]) ORDER BY booking_id, position`,
    [rows.map((row) => row.id)],
  );
  const seats = groupSeats(items);
  return rows.map((row) => toBooking(row, seats.get(row.id) ?? []));
}
