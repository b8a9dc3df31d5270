import { newId, type Principal } from '@ticres/shared';
import type { StoredEvent } from '../../src/domain/event';
import type { EventQueryInput } from '../../src/domain/event-query';
import type { NewEventInput } from '../../src/domain/new-event';

export const principal = (role: Principal['role'], userId = newId()): Principal => ({ userId, role });

/** A valid CreateEvent input starting `daysAhead` days after `now`. */
export function newEventInput(now: Date, overrides: Partial<NewEventInput> = {}, daysAhead = 30): NewEventInput {
  return {
    name: 'Konser Coldplay Jakarta',
    description: 'Music of the Spheres.',
    location: 'Jakarta',
    startsAt: new Date(now.getTime() + daysAhead * 86_400_000).toISOString(),
    currency: '',
    sections: [
      { name: 'VIP', priceCents: 150_000_000, rows: 2, seatsPerRow: 5 },
      { name: 'Festival', priceCents: 50_000_000, capacity: 40 },
    ],
    ...overrides,
  };
}

/** A stored event as the repository would return it; available, starting `startsAt`. */
export function storedEvent(overrides: Partial<StoredEvent> = {}): StoredEvent {
  const createdAt = new Date('2029-12-01T00:00:00Z');
  return {
    id: newId(),
    name: 'Java Jazz',
    description: '',
    location: 'Jakarta',
    startsAt: new Date('2030-03-01T12:00:00Z'),
    currency: 'IDR',
    status: 'available',
    organizerId: newId(),
    sections: [{ name: 'Floor', priceCents: 75_000_000, rows: 0, seatsPerRow: 0, capacity: 100 }],
    capacity: 100,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

/** A ListEvents query as it arrives with nothing filled in (proto3 defaults), with `overrides`. */
export const eventQueryInput = (overrides: Partial<EventQueryInput> = {}): EventQueryInput => ({
  search: '',
  status: '',
  from: '',
  to: '',
  page: 0,
  limit: 0,
  ...overrides,
});
