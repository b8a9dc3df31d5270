import { newId } from '@ticres/shared';

/** PENDING -> PAID | EXPIRED | CANCELLED, PAID -> REFUNDED; nothing else. */
export const BOOKING_STATUSES = ['PENDING', 'PAID', 'EXPIRED', 'CANCELLED', 'REFUNDED'] as const;

export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export function parseBookingStatus(value: string): BookingStatus | undefined {
  return (BOOKING_STATUSES as readonly string[]).includes(value) ? (value as BookingStatus) : undefined;
}

/** A seat as a booking records it: label and price copied at hold time. */
export interface BookedSeat {
  id: string;
  label: string;
  priceCents: number;
}

export interface Booking {
  id: string;
  userId: string;
  eventId: string;
  status: BookingStatus;
  seats: BookedSeat[];
  totalCents: number;
  currency: string;
  /** When a PENDING booking's hold lapses; kept afterwards as a record. */
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewHold {
  userId: string;
  eventId: string;
  currency: string;
  seats: BookedSeat[];
  /** The database's clock at the start of the hold's transaction: one clock for every replica. */
  now: Date;
  ttlSeconds: number;
}

/** A PENDING booking for freshly held seats; the total is the sum of the seats' prices. */
export function newPendingBooking({ userId, eventId, currency, seats, now, ttlSeconds }: NewHold): Booking {
  return {
    id: newId(),
    userId,
    eventId,
    status: 'PENDING',
    seats,
    totalCents: seats.reduce((sum, seat) => sum + seat.priceCents, 0),
    currency,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    createdAt: now,
    updatedAt: now,
  };
}

/** A PENDING booking whose hold has run out counts as expired even before the sweeper gets to it. */
export function isLapsed(booking: Pick<Booking, 'status' | 'expiresAt'>, now: Date): boolean {
  return booking.status === 'EXPIRED' || (booking.status === 'PENDING' && booking.expiresAt.getTime() <= now.getTime());
}
