import { seatsOfSectionMap, statusesWithGaps, withEtag, type SectionMap } from './seat-map';

const section = (overrides: Partial<SectionMap> = {}): SectionMap => ({
  name: 'VIP',
  position: 0,
  priceCents: 900,
  rows: 2,
  seatsPerRow: 3,
  capacity: 6,
  seatIdPrefix: '0190a0b0-c0d0-7e0f-8a0b-1234',
  available: 3,
  statuses: 'ahs-va',
  ...overrides,
});

describe('statusesWithGaps', () => {
  it('writes one character per ordinal and - where no seat is', () => {
    expect(
      statusesWithGaps(5, [
        { ordinal: 2, status: 'held' },
        { ordinal: 5, status: 'sold' },
        { ordinal: 3, status: 'available' },
      ]),
    ).toBe('-ha-s');
    expect(statusesWithGaps(0, [])).toBe('');
  });
});

describe('withEtag', () => {
  const content = { eventId: 'e', currency: 'IDR', sections: [section()] };

  it('gives equal content an equal weak tag and changed content another', () => {
    const tag = withEtag(content).etag;
    expect(tag).toMatch(/^W\/"[\w-]{27}"$/);
    expect(withEtag(structuredClone(content)).etag).toBe(tag);
    expect(withEtag({ ...content, sections: [section({ statuses: 'ahs-vh' })] }).etag).not.toBe(tag);
    expect(withEtag({ ...content, sections: [section({ priceCents: 901 })] }).etag).not.toBe(tag);
  });
});

describe('seatsOfSectionMap', () => {
  it('derives each seat of a seated section: id from the prefix and ordinal, label from row and number', () => {
    expect(seatsOfSectionMap(section())).toEqual([
      { id: '0190a0b0-c0d0-7e0f-8a0b-123400000001', label: 'VIP-A-1', row: 'A', number: 1, ordinal: 1, status: 'available' },
      { id: '0190a0b0-c0d0-7e0f-8a0b-123400000002', label: 'VIP-A-2', row: 'A', number: 2, ordinal: 2, status: 'held' },
      { id: '0190a0b0-c0d0-7e0f-8a0b-123400000003', label: 'VIP-A-3', row: 'A', number: 3, ordinal: 3, status: 'sold' },
      { id: '0190a0b0-c0d0-7e0f-8a0b-123400000005', label: 'VIP-B-2', row: 'B', number: 2, ordinal: 5, status: 'void' },
      { id: '0190a0b0-c0d0-7e0f-8a0b-123400000006', label: 'VIP-B-3', row: 'B', number: 3, ordinal: 6, status: 'available' },
    ]);
  });

  it('numbers general admission by ordinal and has no ids without a prefix', () => {
    expect(seatsOfSectionMap(section({ name: 'FLOOR', rows: 0, seatsPerRow: 0, capacity: 2, seatIdPrefix: null, statuses: 'as' }))).toEqual([
      { id: null, label: 'FLOOR-1', row: null, number: 1, ordinal: 1, status: 'available' },
      { id: null, label: 'FLOOR-2', row: null, number: 2, ordinal: 2, status: 'sold' },
    ]);
  });

  it('writes ordinals past 15 in hex', () => {
    const seats = seatsOfSectionMap(section({ rows: 1, seatsPerRow: 300, capacity: 300, statuses: 'a'.repeat(300) }));
    expect(seats[299]).toMatchObject({ id: '0190a0b0-c0d0-7e0f-8a0b-12340000012c', label: 'VIP-A-300', ordinal: 300 });
  });
});
