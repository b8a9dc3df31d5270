import { isUuid, validationError } from '@ticres/shared';
import { eventNotFound } from '../domain/errors';
import type { Seat } from '../domain/seat';

export interface GetEventSeatsPorts {
  events: { seatCountOf(id: string): Promise<number | undefined> };
  seats: { listByEvent(eventId: string, limit: number): Promise<Seat[]> };
  /** EVENT_DETAIL_MAX_SEATS: the most seats listed; a larger event is answered with its count. */
  maxListedSeats: number;
}

/** The event's seats, or only how many when they are more than the bound (`seats` undefined). */
export interface EventSeats {
  seatCount: number;
  seats: Seat[] | undefined;
}

export type GetEventSeats = (eventId: string) => Promise<EventSeats>;

/**
 * Public: every seat of the event with its status, in layout order, up to `maxListedSeats`. Above
 * that the seats are counted, never read: a stadium's 50,000 rows would cost this process and the
 * gateway hundreds of MB per request, and its map is GetEventAvailability.
 */
export function createGetEventSeats({ events, seats, maxListedSeats }: GetEventSeatsPorts): GetEventSeats {
  return async (eventId) => {
    if (!isUuid(eventId)) throw validationError([{ field: 'event_id', message: 'must be a UUID' }]);
    const id = eventId.toLowerCase();
    const seatCount = await events.seatCountOf(id);
    if (seatCount === undefined) throw eventNotFound();
    if (seatCount > maxListedSeats) return { seatCount, seats: undefined };
    // One over the bound: a section added since the count cannot make the list unbounded.
    const listed = await seats.listByEvent(id, maxListedSeats + 1);
    if (listed.length > maxListedSeats) return { seatCount: (await events.seatCountOf(id)) ?? listed.length, seats: undefined };
    return { seatCount: listed.length, seats: listed };
  };
}
