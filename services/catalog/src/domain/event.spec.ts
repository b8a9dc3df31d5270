import { changesAt, eventAt, statusAt } from './event';

describe('the derived status', () => {
  const startsAt = new Date('2030-06-01T19:00:00Z');
  const before = new Date(startsAt.getTime() - 1);
  const after = new Date(startsAt.getTime() + 1);

  it('reports an available event as available until its start', () => {
    expect(statusAt({ status: 'available', startsAt }, before)).toBe('available');
  });

  it('reports an available event as completed from the moment it starts', () => {
    expect(statusAt({ status: 'available', startsAt }, startsAt)).toBe('completed');
    expect(statusAt({ status: 'available', startsAt }, after)).toBe('completed');
  });

  it('keeps a cancelled event cancelled, before and after its start', () => {
    expect(statusAt({ status: 'cancelled', startsAt }, before)).toBe('cancelled');
    expect(statusAt({ status: 'cancelled', startsAt }, after)).toBe('cancelled');
  });

  it('says an answer changes at the start of an upcoming event, and never otherwise', () => {
    expect(changesAt({ status: 'available', startsAt }, before)).toEqual(startsAt);
    expect(changesAt({ status: 'available', startsAt }, after)).toBeUndefined();
    expect(changesAt({ status: 'cancelled', startsAt }, before)).toBeUndefined();
  });

  it('returns the whole event with the status it has at a moment', () => {
    const event = {
      id: 'e',
      name: 'N',
      description: '',
      location: 'L',
      startsAt,
      currency: 'IDR',
      status: 'available' as const,
      organizerId: 'o',
      sections: [],
      capacity: 1,
      createdAt: before,
      updatedAt: before,
    };
    expect(eventAt(event, after)).toEqual({ ...event, status: 'completed' });
  });
});
