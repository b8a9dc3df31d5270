import { unavailabilityReason, type BookableEvent } from './event';

const now = new Date('2030-01-01T12:00:00Z');
const event = (overrides: Partial<BookableEvent>): BookableEvent => ({
  id: 'e',
  status: 'available',
  startsAt: new Date('2030-01-02T12:00:00Z'),
  currency: 'IDR',
  ...overrides,
});

describe('unavailabilityReason', () => {
  it('has none for an available event in the future', () => {
    expect(unavailabilityReason(event({}), now)).toBeUndefined();
  });

  it('names a cancelled, completed, started or never-described event', () => {
    expect(unavailabilityReason(event({ status: 'cancelled' }), now)).toBe('The event is cancelled.');
    expect(unavailabilityReason(event({ status: 'completed' }), now)).toBe('The event is not on sale.');
    expect(unavailabilityReason(event({ startsAt: now }), now)).toBe('The event has already started.');
    expect(unavailabilityReason(event({ startsAt: null, currency: null, status: 'available' }), now)).toBe('The event is not on sale.');
  });
});
