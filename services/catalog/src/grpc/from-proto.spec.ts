import { fromProtoChanges, fromProtoSection } from './from-proto';

describe('decoding requests', () => {
  it('reads a zero layout number as not given', () => {
    expect(fromProtoSection({ name: 'GA', price_cents: 0, rows: 0, seats_per_row: 0, capacity: 300 })).toEqual({
      name: 'GA',
      priceCents: 0,
      rows: undefined,
      seatsPerRow: undefined,
      capacity: 300,
    });
  });

  it('takes an optional field as given exactly when its presence marker is set, empty strings included', () => {
    expect(
      fromProtoChanges({
        id: 'e',
        name: '',
        _name: 'name',
        description: '',
        location: 'ignored: not present',
        starts_at: '2030-01-01T00:00:00Z',
        _starts_at: 'starts_at',
        add_sections: [],
      }),
    ).toEqual({ id: 'e', name: '', description: undefined, location: undefined, startsAt: '2030-01-01T00:00:00Z', addSections: [] });
  });
});
