import { fieldsOf, rejectionOf } from '../../test/support/failures';
import { newEventInput, principal } from '../../test/support/fixtures';
import { inMemoryCatalog } from '../../test/support/in-memory-catalog';
import { createCreateEvent } from './create-event';

const now = new Date('2030-01-01T00:00:00Z');

function setUp() {
  const catalog = inMemoryCatalog();
  const sut = createCreateEvent({ inTransaction: catalog.inTransaction, cache: catalog.cache, defaultCurrency: 'IDR', now: () => now });
  return { catalog, sut };
}

describe('createEvent', () => {
  it.each(['organizer', 'admin'] as const)('lets an %s create an available event they organise', async (role) => {
    const { catalog, sut } = setUp();
    const caller = principal(role);
    const event = await sut(caller, newEventInput(now));

    expect(event).toMatchObject({ status: 'available', organizerId: caller.userId, currency: 'IDR', capacity: 50, createdAt: now, updatedAt: now });
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(catalog.stored(event.id)).toEqual({ ...event, status: 'available' });
  });

  it('writes event.created with the new event in the same transaction, then invalidates the cache', async () => {
    const { catalog, sut } = setUp();
    const event = await sut(principal('organizer'), newEventInput(now));
    expect(catalog.transactions()).toBe(1);
    expect(catalog.outbox()).toEqual([{ type: 'created', event }]);
    expect(catalog.invalidations()).toEqual([1]);
  });

  it('refuses a customer with FORBIDDEN and stores nothing', async () => {
    const { catalog, sut } = setUp();
    expect((await rejectionOf(sut(principal('customer'), newEventInput(now)))).code).toBe('FORBIDDEN');
    expect(catalog.all()).toEqual([]);
    expect(catalog.outbox()).toEqual([]);
  });

  it('reports every bad field and touches neither the store nor the cache', async () => {
    const { catalog, sut } = setUp();
    const error = await rejectionOf(sut(principal('admin'), newEventInput(now, { name: '', startsAt: '2029-01-01T00:00:00Z', sections: [] })));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(error)).toEqual(['name', 'starts_at', 'sections']);
    expect(catalog.transactions()).toBe(0);
    expect(catalog.invalidations()).toEqual([]);
  });
});
