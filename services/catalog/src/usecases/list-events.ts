import { eventAt } from '../domain/event';
import { parseEventQuery, type EventQuery, type EventQueryInput } from '../domain/event-query';
import type { Clock, EventPage, EventReadCache, StoredEventPage } from './ports';

export interface ListEventsPorts {
  events: { list(query: EventQuery, now: Date): Promise<StoredEventPage> };
  cache: Pick<EventReadCache, 'page'>;
  now: Clock;
}

export type ListEvents = (input: EventQueryInput) => Promise<EventPage>;

/**
 * Public. Served from the cache; a cached page lives at most until the next matching event starts,
 * because that start changes a status on the page or, under a status filter, the set and the total.
 */
export function createListEvents({ events, cache, now }: ListEventsPorts): ListEvents {
  return async (input) => {
    const query = parseEventQuery(input);
    return cache.page(query, async () => {
      const at = now();
      const page = await events.list(query, at);
      return {
        value: { events: page.events.map((event) => eventAt(event, at)), total: page.total, page: query.page, limit: query.limit },
        until: page.nextStartAt,
      };
    });
  };
}
