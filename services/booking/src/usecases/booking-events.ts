import type { BookingPayload, EventDataByType } from '@ticres/shared';
import type { Booking } from '../domain/booking';

export type BookingEventType = 'booking.created' | 'booking.expired' | 'booking.cancelled';

/** Records an event in the current transaction; the relay publishes it after commit. */
export interface Outbox {
  enqueue<Type extends BookingEventType>(type: Type, aggregateId: string, data: EventDataByType[Type]): Promise<void>;
}

/** The `data` of every booking.* event (v1). */
export function bookingPayload(booking: Booking): BookingPayload {
  return {
    booking_id: booking.id,
    user_id: booking.userId,
    event_id: booking.eventId,
    seats: booking.seats.map((seat) => ({ id: seat.id, label: seat.label, price_cents: seat.priceCents })),
    total_cents: booking.totalCents,
    currency: booking.currency,
    expires_at: booking.expiresAt.toISOString(),
  };
}
