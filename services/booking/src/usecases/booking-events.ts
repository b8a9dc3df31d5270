import type { BookingPayload, EventDataByType } from '@ticres/shared';
import type { Booking } from '../domain/booking';
/** What booking publishes. */
export type BookingEventType = 'booking.created' | 'booking.expired' | 'booking.cancelled' | 'booking.confirmed' | 'booking.payment_rejected';

/** Records an event in the current transaction; the relay publishes it after commit. */
export interface Outbox {
  enqueue<Type extends BookingEventType>(type: Type, aggregateId: string, data: EventDataByType[Type]): Promise<void>;
}

/** What every booking.* event says of the booking's event, so readers need no second lookup. */
export interface EventSummary {
  name: string;
  startsAt: Date;
}

export interface EventSummaries {
  /** Name and start of each of the events that has had a snapshot. */
  summariesOf(eventIds: readonly string[]): Promise<Map<string, EventSummary>>;
}

/** The `data` of every booking.* event (v1). */
export function bookingPayload(booking: Booking, event: EventSummary): BookingPayload {
  return {
    booking_id: booking.id,
    user_id: booking.userId,
    event_id: booking.eventId,
    event_name: event.name,
    event_starts_at: event.startsAt.toISOString(),
    seats: booking.seats.map((seat) => ({ id: seat.id, label: seat.label, price_cents: seat.priceCents })),
    total_cents: booking.totalCents,
    currency: booking.currency,
    expires_at: booking.expiresAt.toISOString(),
  };
}

/**
 * The payload of each booking, in order. A booking exists only for an event with a snapshot
 * (holds need one), so a missing summary is a broken projection and fails the transaction.
 */
export async function bookingPayloads(events: EventSummaries, bookings: readonly Booking[]): Promise<BookingPayload[]> {
  if (bookings.length === 0) return [];
  const summaries = await events.summariesOf([...new Set(bookings.map((booking) => booking.eventId))]);
  return bookings.map((booking) => {
    const event = summaries.get(booking.eventId);
    if (!event) throw new Error(`event ${booking.eventId} of booking ${booking.id} has no snapshot`);
    return bookingPayload(booking, event);
  });
}
