import type { bookingV1 } from '@ticres/proto';
import type { Booking } from '../domain/booking';
import type { Page } from '../domain/paging';
import type { Seat } from '../domain/seat';

export function toProtoSeat(seat: Seat): bookingV1.Seat {
  return {
    id: seat.id,
    label: seat.label,
    section: seat.section,
    // proto3 has no null: general admission has an empty row.
    row: seat.row ?? '',
    number: seat.number,
    price_cents: seat.priceCents,
    status: seat.status,
  };
}

export function toProtoBooking(booking: Booking): bookingV1.Booking {
  return {
    id: booking.id,
    user_id: booking.userId,
    event_id: booking.eventId,
    status: booking.status,
    seats: booking.seats.map((seat) => ({ id: seat.id, label: seat.label, price_cents: seat.priceCents })),
    total_cents: booking.totalCents,
    currency: booking.currency,
    expires_at: booking.expiresAt.toISOString(),
    created_at: booking.createdAt.toISOString(),
    updated_at: booking.updatedAt.toISOString(),
  };
}

export function toProtoBookingPage(page: Page<Booking>): bookingV1.BookingPage {
  return { bookings: page.items.map(toProtoBooking), total: page.total, page: page.page, limit: page.limit };
}
