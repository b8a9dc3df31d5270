import { isUuid, validationError } from '@ticres/shared';
import { changesAt, eventAt, type CatalogEvent, type StoredEvent } from '../domain/event';
import { eventNotFound } from '../domain/errors';
import type { Clock, EventReadCache } from './ports';

export interface GetEventPorts {
  events: { findById(id: string): Promise<StoredEvent | undefined> };
  cache: Pick<EventReadCache, 'event'>;
  now: Clock;
}

export type GetEvent = (id: string) => Promise<CatalogEvent>;

/** Public. Served from the cache; a cached answer never outlives the event's start. */
export function createGetEvent({ events, cache, now }: GetEventPorts): GetEvent {
  return async (rawId) => {
    if (!isUuid(rawId)) throw validationError([{ field: 'id', message: 'must be a UUID' }]);
    const id = rawId.toLowerCase();
    const event = await cache.event(id, async () => {
      const at = now();
      const stored = await events.findById(id);
      return stored ? { value: eventAt(stored, at), until: changesAt(stored, at) } : { value: undefined };
    });
    if (!event) throw eventNotFound();
    return event;
  };
}
