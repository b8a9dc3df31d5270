import { newId, requireRole, type Principal } from '@ticres/shared';
import { eventAt, type CatalogEvent, type StoredEvent } from '../domain/event';
import { parseNewEvent, type NewEventInput } from '../domain/new-event';
import type { CacheInvalidation, Clock, EventOutbox, InTransaction } from './ports';

export interface CreateEventStore {
  events: { insert(event: StoredEvent): Promise<void> };
  outbox: Pick<EventOutbox, 'created'>;
}

export interface CreateEventPorts {
  inTransaction: InTransaction<CreateEventStore>;
  cache: CacheInvalidation;
  defaultCurrency: string;
  now: Clock;
}

export type CreateEvent = (caller: Principal, input: NewEventInput) => Promise<CatalogEvent>;

/** Organizer or admin; the caller becomes the organizer. The row and `event.created` commit together. */
export function createCreateEvent({ inTransaction, cache, defaultCurrency, now }: CreateEventPorts): CreateEvent {
  return async (caller, input) => {
    requireRole(caller, 'organizer', 'admin');
    const at = now();
    const details = parseNewEvent(input, { defaultCurrency, now: at });
    const event: StoredEvent = { id: newId(), ...details, status: 'available', organizerId: caller.userId, createdAt: at, updatedAt: at };
    await inTransaction(async ({ events, outbox }) => {
      await events.insert(event);
      await outbox.created(eventAt(event, at));
    });
    await cache.invalidate();
    return eventAt(event, at);
  };
}
