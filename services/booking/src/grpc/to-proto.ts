import type { bookingV1 } from '@ticres/proto';
import type { Booking } from '../domain/booking';
import type { Page } from '../domain/paging';
import type { Seat } from '../domain/seat';
import type { SectionMap } from '../domain/seat-map';
import type { AvailabilityAnswer } from '../usecases/get-event-availability';

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

const toProtoSectionMap = (section: SectionMap): bookingV1.SectionAvailability => ({
  name: section.name,
  position: section.position,
  price_cents: section.priceCents,
  rows: section.rows,
  seats_per_row: section.seatsPerRow,
  capacity: section.capacity,
  seat_id_prefix: section.seatIdPrefix ?? '',
  available: section.available,
  statuses: section.statuses,
});

export function toProtoAvailability(answer: AvailabilityAnswer): bookingV1.EventAvailability {
  if (answer.kind === 'not_modified') return { etag: answer.etag, not_modified: true };
  const { map } = answer;
  return { event_id: map.eventId, etag: map.etag, currency: map.currency ?? '', sections: map.sections.map(toProtoSectionMap) };
}
