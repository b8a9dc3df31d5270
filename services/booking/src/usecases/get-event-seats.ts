import { isUuid, validationError } from '@ticres/shared';
import { eventNotFound } from '../domain/errors';
import type { Seat } from '../domain/seat';

export interface GetEventSeatsPorts {
  events: { exists(id: string): Promise<boolean> };
  seats: { listByEvent(eventId: string): Promise<Seat[]> };
}

export type GetEventSeats = (eventId: string) => Promise<Seat[]>;

/** Public: every seat of the event with its status, in layout order. */
export function createGetEventSeats({ events, seats }: GetEventSeatsPorts): GetEventSeats {
  return async (eventId) => {
    if (!isUuid(eventId)) throw validationError([{ field: 'event_id', message: 'must be a UUID' }]);
    const id = eventId.toLowerCase();
    if (!(await events.exists(id))) throw eventNotFound();
    return seats.listByEvent(id);
  };
}
