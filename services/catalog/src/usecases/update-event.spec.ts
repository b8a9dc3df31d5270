import { newId } from '@ticres/shared';
import { rejectionOf } from '../../test/support/failures';
import { principal, storedEvent } from '../../test/support/fixtures';
import { inMemoryCatalog } from '../../test/support/in-memory-catalog';
import type { StoredEvent } from '../domain/event';
import type { EventChangesInput } from '../domain/event-changes';
import { createUpdateEvent } from './update-event';

const now = new Date('2030-01-01T00:00:00Z');
const organizer = principal('organizer');

function setUp(event: StoredEvent = storedEvent({ organizerId: organizer.userId })) {
  const catalog = inMemoryCatalog([event]);
  const sut = createUpdateEvent({ inTransaction: catalog.inTransaction, cache: catalog.cache, now: () => now });
  const change = (overrides: Partial<EventChangesInput> = {}): EventChangesInput => ({ id: event.id, addSections: [], ...overrides });
  return { catalog, sut, event, change };
}

describe('updateEvent', () => {
  it('lets the organizer change details and add a section, and emits the full new snapshot', async () => {
    const { catalog, sut, event, change } = setUp();
    const updated = await sut(organizer, change({ name: 'Java Jazz 2030', addSections: [{ name: 'Balcony', priceCents: 10, rows: 2, seatsPerRow: 3 }] }));

    expect(updated).toMatchObject({ name: 'Java Jazz 2030', capacity: 106, updatedAt: now, status: 'available' });
    expect(updated.sections.map((s) => s.name)).toEqual(['Floor', 'Balcony']);
    expect(catalog.stored(event.id)).toMatchObject({ name: 'Java Jazz 2030', capacity: 106 });
    expect(catalog.outbox()).toEqual([{ type: 'updated', event: updated }]);
    expect(catalog.invalidations()).toEqual([1]);
  });

  it('lets an admin change any event', async () => {
    const { sut, change } = setUp();
    await expect(sut(principal('admin'), change({ location: 'Bali' }))).resolves.toMatchObject({ location: 'Bali' });
  });

  it('refuses another organizer and a customer with FORBIDDEN, changing nothing', async () => {
    const { catalog, sut, event, change } = setUp();
    expect((await rejectionOf(sut(principal('organizer'), change({ name: 'Mine now' })))).code).toBe('FORBIDDEN');
    expect((await rejectionOf(sut(principal('customer', organizer.userId), change({ name: 'Mine now' })))).code).toBe('FORBIDDEN');
    expect(catalog.stored(event.id)).toEqual(event);
    expect(catalog.outbox()).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown id and VALIDATION_FAILED for a malformed one', async () => {
    const { sut, change } = setUp();
    expect((await rejectionOf(sut(organizer, change({ id: newId(), name: 'x' })))).code).toBe('NOT_FOUND');
    const malformed = await rejectionOf(sut(organizer, change({ id: '42', name: 'x' })));
    expect(malformed).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'id', message: 'must be a UUID' }] });
  });

  it('refuses a cancelled and a completed event with EVENT_NOT_AVAILABLE', async () => {
    const cancelled = setUp(storedEvent({ organizerId: organizer.userId, status: 'cancelled', cancelledAt: now, cancelReason: '' }));
    expect((await rejectionOf(cancelled.sut(organizer, cancelled.change({ name: 'Back on' })))).code).toBe('EVENT_NOT_AVAILABLE');
    const past = setUp(storedEvent({ organizerId: organizer.userId, startsAt: new Date(now.getTime() - 1) }));
    expect((await rejectionOf(past.sut(organizer, past.change({ name: 'Again' })))).code).toBe('EVENT_NOT_AVAILABLE');
    expect([...cancelled.catalog.outbox(), ...past.catalog.outbox()]).toEqual([]);
  });

  it('returns the event unchanged for an empty update, emitting nothing and keeping the cache', async () => {
    const { catalog, sut, event, change } = setUp();
    await expect(sut(organizer, change())).resolves.toEqual(event);
    expect(catalog.outbox()).toEqual([]);
    expect(catalog.invalidations()).toEqual([]);
  });

  it('refuses a section whose name the event already has, leaving it as it was', async () => {
    const { catalog, sut, event, change } = setUp();
    const error = await rejectionOf(sut(organizer, change({ addSections: [{ name: 'FLOOR', priceCents: 1, capacity: 5 }] })));
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'add_sections[0].name', message: 'is already used by another section of the event' }],
    });
    expect(catalog.stored(event.id)).toEqual(event);
  });

  it('checks the caller before the input: a customer learns nothing about the fields', async () => {
    const { sut, change } = setUp();
    expect((await rejectionOf(sut(principal('customer'), change({ id: 'bad', name: '' })))).code).toBe('FORBIDDEN');
  });
});
