import { labelsMayClash, MAX_SEATS_PER_EVENT, placesOf, planSeats, rowLabel, rowLabels, seatIdOf, seatLabel, type SectionPlan } from './seat-layout';

const seatedSection = (name: string, rows: number, seatsPerRow: number, priceCents = 100): SectionPlan => ({
  name,
  priceCents,
  rows,
  seatsPerRow,
  capacity: 0,
});
const gaSection = (name: string, capacity: number, priceCents = 50): SectionPlan => ({ name, priceCents, rows: 0, seatsPerRow: 0, capacity });

describe('rowLabel', () => {
  it.each([
    [0, 'A'],
    [1, 'B'],
    [25, 'Z'],
    [26, 'AA'],
    [27, 'AB'],
    [51, 'AZ'],
    [52, 'BA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('names row %i %s', (index, label) => {
    expect(rowLabel(index)).toBe(label);
  });

  it('gives every row of a large hall a distinct name', () => {
    const labels = Array.from({ length: 2_000 }, (_, i) => rowLabel(i));
    expect(new Set(labels).size).toBe(2_000);
  });

  it('refuses a negative or fractional index', () => {
    expect(() => rowLabel(-1)).toThrow(RangeError);
    expect(() => rowLabel(1.5)).toThrow(RangeError);
  });
});

describe('seatLabel', () => {
  it('is SECTION-ROW-n for a seated place and SECTION-n for general admission', () => {
    expect(seatLabel('VIP', 'A', 12)).toBe('VIP-A-12');
    expect(seatLabel('FLOOR', null, 7)).toBe('FLOOR-7');
  });
});

describe('planSeats', () => {
  it('lays out a seated section row by row with row-major ordinals', () => {
    const { seats } = planSeats([seatedSection('VIP', 2, 3, 900)]);
    expect(seats.map((s) => s.label)).toEqual(['VIP-A-1', 'VIP-A-2', 'VIP-A-3', 'VIP-B-1', 'VIP-B-2', 'VIP-B-3']);
    expect(seats.map((s) => s.ordinal)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seats[4]).toEqual({ label: 'VIP-B-2', section: 'VIP', sectionPosition: 0, row: 'B', number: 2, ordinal: 5, priceCents: 900 });
  });

  it('numbers a general-admission section without rows and keeps the sections in layout order', () => {
    const { seats } = planSeats([seatedSection('VIP', 1, 1), gaSection('FLOOR', 3, 50)]);
    expect(seats.map((s) => [s.label, s.sectionPosition, s.row, s.ordinal])).toEqual([
      ['VIP-A-1', 0, 'A', 1],
      ['FLOOR-1', 1, null, 1],
      ['FLOOR-2', 1, null, 2],
      ['FLOOR-3', 1, null, 3],
    ]);
  });

  it('keeps the first of two seats that would share a label and reports the rest', () => {
    const plan = planSeats([seatedSection('A', 2, 1), gaSection('A-B', 2)]);
    expect(plan.seats.map((s) => s.label)).toEqual(['A-A-1', 'A-B-1', 'A-B-2']);
    expect(plan.duplicateLabels).toEqual(['A-B-1']);
  });

  it('produces nothing for an empty section and refuses an absurd layout', () => {
    expect(planSeats([gaSection('EMPTY', 0)]).seats).toEqual([]);
    expect(() => planSeats([seatedSection('HUGE', 1_000, MAX_SEATS_PER_EVENT)])).toThrow(RangeError);
  });
});

describe('placesOf and rowLabels', () => {
  it('counts rows x seats per row of a seated section and the capacity of general admission', () => {
    expect(placesOf(seatedSection('VIP', 100, 500))).toBe(50_000);
    expect(placesOf(gaSection('FLOOR', 70))).toBe(70);
  });

  it('names rows 0..n-1 as rowLabel does', () => {
    expect(rowLabels(3)).toEqual(['A', 'B', 'C']);
    expect(rowLabels(100)[99]).toBe('CV');
    expect(rowLabels(0)).toEqual([]);
  });
});

describe('seatIdOf', () => {
  it('appends the ordinal as 8 lowercase hex digits to the prefix', () => {
    expect(seatIdOf('0190a0b0-c0d0-7e0f-8a0b-1234', 1)).toBe('0190a0b0-c0d0-7e0f-8a0b-123400000001');
    expect(seatIdOf('0190a0b0-c0d0-7e0f-8a0b-1234', 50_000)).toBe('0190a0b0-c0d0-7e0f-8a0b-12340000c350');
  });
});

describe('labelsMayClash', () => {
  it('is true only when a name and a dash begin another name', () => {
    expect(labelsMayClash(['A', 'A-B'])).toBe(true);
    expect(labelsMayClash(['Tribune', 'Tribune-2 East'])).toBe(true);
    expect(labelsMayClash(['VIP', 'VIP A', 'vip', 'Floor'])).toBe(false);
    expect(labelsMayClash(['AB', 'A'])).toBe(false);
    expect(labelsMayClash([])).toBe(false);
  });
});
