import type { Section } from './section';

/** What the database stores. `completed` is never stored: it is a matter of the clock. */
export type StoredStatus = 'available' | 'cancelled';

/** What callers see: an available event whose start has passed is `completed`. */
export type EventStatus = StoredStatus | 'completed';

export const EVENT_STATUSES: readonly EventStatus[] = ['available', 'cancelled', 'completed'];

interface EventFields {
  id: string;
  name: string;
  description: string;
  location: string;
  startsAt: Date;
  /** ISO 4217; every section's price is in it. */
  currency: string;
  organizerId: string;
  sections: Section[];
  /** Seats in all sections. */
  capacity: number;
  createdAt: Date;
  updatedAt: Date;
  /** Set together with status `cancelled`. */
  cancelledAt?: Date | undefined;
  cancelReason?: string | undefined;
}

/** An event as stored. */
export interface StoredEvent extends EventFields {
  status: StoredStatus;
}

/** An event as it is at one moment: the status derived. */
export interface CatalogEvent extends EventFields {
  status: EventStatus;
}

/** The status `event` has at `now`: an available event is completed from its start on. */
export function statusAt(event: Pick<StoredEvent, 'status' | 'startsAt'>, now: Date): EventStatus {
  return event.status === 'available' && event.startsAt.getTime() <= now.getTime() ? 'completed' : event.status;
}

export function eventAt(event: StoredEvent, now: Date): CatalogEvent {
  return { ...event, status: statusAt(event, now) };
}

/**
 * The moment `event` read at `now` stops being true (its start, while it is still to come), or
 * undefined when only a write can change it.
 */
export function changesAt(event: Pick<StoredEvent, 'status' | 'startsAt'>, now: Date): Date | undefined {
  return statusAt(event, now) === 'available' ? event.startsAt : undefined;
}
