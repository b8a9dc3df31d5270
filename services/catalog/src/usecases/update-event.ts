import { requireRole, type Principal } from '@ticres/shared';
import { eventAt, statusAt, type CatalogEvent, type StoredEvent } from '../domain/event';
import { applyEventChanges, isEmptyChange, parseEventChanges, type EventChangesInput } from '../domain/event-changes';
import { eventNotAvailable, eventNotFound, notEventOrganizer } from '../domain/errors';
import type { CacheInvalidation, Clock, EventOutbox, InTransaction } from './ports';

export interface UpdateEventStore {
  events: {
    /** Locks the row until the transaction ends, so concurrent updates apply one after the other. */
    findByIdForUpdate(id: string): Promise<StoredEvent | undefined>;
    update(event: StoredEvent): Promise<void>;
  };
  outbox: Pick<EventOutbox, 'updated'>;
}

export interface UpdateEventPorts {
  inTransaction: InTransaction<UpdateEventStore>;
  cache: CacheInvalidation;
  now: Clock;
}

export type UpdateEvent = (caller: Principal, input: EventChangesInput) => Promise<CatalogEvent>;

/**
 * An admin, or the organizer who owns the event, changes its details or adds sections while it is
 * still available. The row and `event.updated` (the full new snapshot) commit together. An empty
 * update returns the event as it is and emits nothing.
 */
export function createUpdateEvent({ inTransaction, cache, now }: UpdateEventPorts): UpdateEvent {
  return async (caller, input) => {
    requireRole(caller, 'organizer', 'admin');
    const at = now();
    const changes = parseEventChanges(input, at);
    const { event, changed } = await inTransaction(async ({ events, outbox }) => {
      const current = await events.findByIdForUpdate(changes.id);
      if (!current) throw eventNotFound();
      if (caller.role !== 'admin' && current.organizerId !== caller.userId) throw notEventOrganizer();
      const status = statusAt(current, at);
      if (status !== 'available') throw eventNotAvailable(status);
      if (isEmptyChange(changes)) return { event: current, changed: false };
      const updated = applyEventChanges(current, changes, at);
      await events.update(updated);
      await outbox.updated(eventAt(updated, at));
      return { event: updated, changed: true };
    });
    if (changed) await cache.invalidate();
    return eventAt(event, at);
  };
}
