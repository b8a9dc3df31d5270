import { failureOf } from '../../test/support/failures';
import type { StoredEvent } from './event';
import { applyEventChanges, isEmptyChange, parseEventChanges } from './event-changes';

const now = new Date('2030-01-01T00:00:00Z');
const id = '0190a0a0-0000-7000-8000-000000000001';

const event: StoredEvent = {
  id,
  name: 'Old name',
  description: 'Old description',
  location: 'Jakarta',
  startsAt: new Date('2030-03-01T12:00:00Z'),
  currency: 'IDR',
  status: 'available',
  organizerId: '0190a0a0-0000-7000-8000-0000000000aa',
  sections: [{ name: 'VIP', priceCents: 100, rows: 2, seatsPerRow: 5, capacity: 10 }],
  capacity: 10,
  createdAt: new Date('2029-12-01T00:00:00Z'),
  updatedAt: new Date('2029-12-01T00:00:00Z'),
};

describe('parseEventChanges', () => {
  it('keeps only the given fields, trimmed, and lower-cases the id', () => {
    const changes = parseEventChanges({ id: id.toUpperCase(), name: '  New name ', addSections: [] }, now);
    expect(changes).toEqual({ id, name: 'New name', addSections: [] });
    expect(isEmptyChange(changes)).toBe(false);
  });

  it('treats an empty string as a given value, not as absent', () => {
    expect(parseEventChanges({ id, description: '', addSections: [] }, now)).toEqual({ id, description: '', addSections: [] });
    expect(failureOf(() => parseEventChanges({ id, name: '', addSections: [] }, now)).fields).toEqual([{ field: 'name', message: 'is required' }]);
  });

  it('applies the rules of a new event to every given field, all at once', () => {
    const error = failureOf(() =>
      parseEventChanges(
        {
          id: 'not-a-uuid',
          name: 'n'.repeat(201),
          description: 'd'.repeat(5001),
          location: '',
          startsAt: '2029-12-31T00:00:00Z',
          addSections: [{ name: 'X', priceCents: 1 }],
        },
        now,
      ),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields).toEqual([
      { field: 'id', message: 'must be a UUID' },
      { field: 'name', message: 'must be at most 200 characters' },
      { field: 'description', message: 'must be at most 5000 characters' },
      { field: 'location', message: 'is required' },
      { field: 'starts_at', message: 'must be in the future' },
      { field: 'add_sections[0]', message: 'needs rows and seats_per_row, or capacity' },
    ]);
  });

  it('knows an update that asks for nothing', () => {
    expect(isEmptyChange(parseEventChanges({ id, addSections: [] }, now))).toBe(true);
    expect(isEmptyChange(parseEventChanges({ id, addSections: [{ name: 'B', priceCents: 1, capacity: 1 }] }, now))).toBe(false);
  });
});

describe('applyEventChanges', () => {
  const later = new Date('2030-01-02T00:00:00Z');

  it('changes the given fields, appends sections, recounts capacity and stamps updatedAt', () => {
    const changes = parseEventChanges(
      { id, location: 'Bandung', startsAt: '2030-04-01T19:00:00+07:00', addSections: [{ name: 'Floor', priceCents: 50, capacity: 90 }] },
      now,
    );
    expect(applyEventChanges(event, changes, later)).toEqual({
      ...event,
      location: 'Bandung',
      startsAt: new Date('2030-04-01T12:00:00Z'),
      sections: [...event.sections, { name: 'Floor', priceCents: 50, rows: 0, seatsPerRow: 0, capacity: 90 }],
      capacity: 100,
      updatedAt: later,
    });
  });

  it('refuses a section name the event already has and a total over the limit', () => {
    const clash = parseEventChanges({ id, addSections: [{ name: 'vip', priceCents: 1, capacity: 1 }] }, now);
    expect(failureOf(() => applyEventChanges(event, clash, later)).fields).toEqual([
      { field: 'add_sections[0].name', message: 'is already used by another section of the event' },
    ]);
    const tooBig = parseEventChanges({ id, addSections: [{ name: 'Floor', priceCents: 1, capacity: 99_991 }] }, now);
    expect(failureOf(() => applyEventChanges(event, tooBig, later)).fields).toEqual([
      { field: 'add_sections', message: 'may hold at most 100000 seats in all' },
    ]);
  });
});
