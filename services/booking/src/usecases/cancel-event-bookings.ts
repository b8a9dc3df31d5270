import type { Booking } from '../domain/booking';
import { bookingPayload, type Outbox } from './booking-events';

export interface CancelEventStore {
  events: { markCancelled(eventId: string): Promise<void> };
  bookings: {
    cancelPendingOfEvent(eventId: string): Promise<Booking[]>;
    deactivateItems(bookingIds: readonly string[]): Promise<void>;
  };
  seats: { voidUnsold(eventId: string): Promise<number> };
  outbox: Outbox;
}

export interface EventCancellationOutcome {
  bookingsCancelled: number;
  seatsVoided: number;
}

/** Applies `event.cancelled` inside the consumer's transaction. */
export type CancelEventBookings = (store: CancelEventStore, eventId: string) => Promise<EventCancellationOutcome>;

/**
 * The booking side of the cancellation saga: the event turns cancelled (so no hold starts after
 * this commits; holds in flight finish first, since they lock the event row in share mode), every
 * PENDING booking of it turns CANCELLED with `booking.cancelled` (reason `event_cancelled`), and
 * every seat not sold turns void. PAID bookings and their sold seats stay: payment refunds them.
 */
export function createCancelEventBookings(): CancelEventBookings {
  return async ({ events, bookings, seats, outbox }, eventId) => {
    await events.markCancelled(eventId);
    const cancelled = await bookings.cancelPendingOfEvent(eventId);
    if (cancelled.length > 0) await bookings.deactivateItems(cancelled.map((booking) => booking.id));
    const seatsVoided = await seats.voidUnsold(eventId);
    for (const booking of cancelled) {
      await outbox.enqueue('booking.cancelled', booking.id, { ...bookingPayload(booking), reason: 'event_cancelled' });
    }
    return { bookingsCancelled: cancelled.length, seatsVoided };
  };
}
