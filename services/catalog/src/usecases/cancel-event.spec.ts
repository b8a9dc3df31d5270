import { newId } from '@ticres/shared';
import { rejectionOf } from '../../test/support/failures';
import { principal, storedEvent } from '../../test/support/fixtures';
import { inMemoryCatalog } from '../../test/support/in-memory-catalog';
import type { StoredEvent } from '../domain/event';
import { createCancelEvent } from './cancel-event';

const now = new Date('2030-01-01T00:00:00Z');
const admin = principal('admin');

function setUp(event: StoredEvent = storedEvent()) {
  const catalog = inMemoryCatalog([event]);
  const sut = createCancelEvent({ inTransaction: catalog.inTransaction, cache: catalog.cache, now: () => now });
  return { catalog, sut, event };
}

describe('cancelEvent', () => {
  it('cancels an upcoming event, records why and when, emits event.cancelled and invalidates', async () => {
    const { catalog, sut, event } = setUp();
    const cancelled = await sut(admin, { id: event.id, reason: '  Venue flooded ' });

    expect(cancelled).toMatchObject({ id: event.id, status: 'cancelled', cancelReason: 'Venue flooded', cancelledAt: now, updatedAt: now });
    expect(catalog.outbox()).toEqual([{ type: 'cancelled', event: cancelled }]);
    expect(catalog.invalidations()).toEqual([1]);
  });

  it('refuses a reason with a line break inside, which would add lines to the emails it goes into', async () => {
    const { catalog, sut, event } = setUp();
    const error = await rejectionOf(sut(admin, { id: event.id, reason: 'Venue flooded\r\nSee you' }));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'reason' }] });
    expect(catalog.stored(event.id)?.status).toBe('available');
  });

  it('returns an already cancelled event unchanged and emits nothing the second time', async () => {
    const { catalog, sut, event } = setUp();
    const first = await sut(admin, { id: event.id, reason: 'first' });
    const second = await sut(admin, { id: event.id, reason: 'second' });
    expect(second).toEqual(first);
    expect(catalog.outbox()).toHaveLength(1);
    expect(catalog.invalidations()).toEqual([1]);
  });

  it('refuses an event that has already started with EVENT_NOT_AVAILABLE', async () => {
    const { catalog, sut, event } = setUp(storedEvent({ startsAt: now }));
    const error = await rejectionOf(sut(admin, { id: event.id, reason: '' }));
    expect(error).toMatchObject({ code: 'EVENT_NOT_AVAILABLE', message: 'The event has already taken place.' });
    expect(catalog.stored(event.id)?.status).toBe('available');
    expect(catalog.outbox()).toEqual([]);
  });

  it.each(['organizer', 'customer'] as const)('refuses an %s with FORBIDDEN', async (role) => {
    const { catalog, sut, event } = setUp();
    expect((await rejectionOf(sut(principal(role, event.organizerId), { id: event.id, reason: '' }))).code).toBe('FORBIDDEN');
    expect(catalog.outbox()).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown id, and VALIDATION_FAILED for a malformed id or a long reason', async () => {
    const { sut } = setUp();
    expect((await rejectionOf(sut(admin, { id: newId(), reason: '' }))).code).toBe('NOT_FOUND');
    expect((await rejectionOf(sut(admin, { id: 'nope', reason: 'r'.repeat(501) }))).fields).toEqual([
      { field: 'id', message: 'must be a UUID' },
      { field: 'reason', message: 'must be at most 500 characters' },
    ]);
  });

  it('accepts a reason of 500 characters', async () => {
    const { sut, event } = setUp();
    await expect(sut(admin, { id: event.id, reason: 'r'.repeat(500) })).resolves.toMatchObject({ status: 'cancelled' });
  });
});
