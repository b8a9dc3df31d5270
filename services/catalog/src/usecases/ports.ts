import type { CatalogEvent, StoredEvent } from '../domain/event';
import type { EventQuery } from '../domain/event-query';

/**
 * Runs `work` in one database transaction against the store a use case declares: committed when
 * `work` resolves, rolled back when it throws. Use cases decide what must be atomic; db/ decides how.
 */
export type InTransaction<Store> = <T>(work: (store: Store) => Promise<T>) => Promise<T>;

/** The use cases' view of time, so tests can move it. */
export type Clock = () => Date;

/** Events for the other services, written to the outbox in the caller's transaction. */
export interface EventOutbox {
  created(event: CatalogEvent): Promise<void>;
  updated(event: CatalogEvent): Promise<void>;
  /** `event` carries `cancelledAt` and `cancelReason`. */
  cancelled(event: CatalogEvent): Promise<void>;
}

/** Makes every cached read miss after a write. Called after the commit; never rejects. */
export interface CacheInvalidation {
  invalidate(): Promise<void>;
}

/** One page of a list and how many events match in all. */
export interface EventPage {
  events: CatalogEvent[];
  total: number;
  page: number;
  limit: number;
}

/** A loaded answer and the moment it stops being true without any write (an event starting). */
export interface Fresh<T> {
  value: T;
  /** Undefined: only a write can change the answer. */
  until?: Date | undefined;
}

/**
 * Read-through cache of the public reads. `load` runs on a miss (once for concurrent misses of one
 * key in a process); when the cache is unreachable every read loads.
 */
export interface EventReadCache {
  event(id: string, load: () => Promise<Fresh<CatalogEvent | undefined>>): Promise<CatalogEvent | undefined>;
  page(query: EventQuery, load: () => Promise<Fresh<EventPage>>): Promise<EventPage>;
}

/** What the event table answers for one list query. */
export interface StoredEventPage {
  events: StoredEvent[];
  total: number;
  /**
   * The earliest start, after `now`, of an available event matching the query's search and dates
   * whatever its status filter: the next moment a status, the set or the total can change.
   */
  nextStartAt?: Date | undefined;
}
