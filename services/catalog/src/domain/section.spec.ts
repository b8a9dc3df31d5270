import type { FieldError } from '@ticres/shared';
import { parseSections, type Section, type SectionInput } from './section';

function check(inputs: SectionInput[], existing: Section[] = [], min = 1) {
  const problems: FieldError[] = [];
  const sections = parseSections({ field: 'sections', inputs, existing, min }, problems);
  return { sections, problems };
}

const seated = (overrides: Partial<SectionInput> = {}): SectionInput => ({ name: 'VIP', priceCents: 150_000_000, rows: 5, seatsPerRow: 10, ...overrides });
const standing = (overrides: Partial<SectionInput> = {}): SectionInput => ({ name: 'Festival', priceCents: 50_000_000, capacity: 1_000, ...overrides });

const messagesFor = (problems: FieldError[], field: string) => problems.filter((p) => p.field === field).map((p) => p.message);

describe('parseSections', () => {
  it('stores a seated section with capacity rows x seats and a standing one with rows = seats = 0', () => {
    const { sections, problems } = check([seated({ name: '  VIP A ' }), standing()]);
    expect(problems).toEqual([]);
    expect(sections).toEqual([
      { name: 'VIP A', priceCents: 150_000_000, rows: 5, seatsPerRow: 10, capacity: 50 },
      { name: 'Festival', priceCents: 50_000_000, rows: 0, seatsPerRow: 0, capacity: 1_000 },
    ]);
  });

  describe('count', () => {
    it('needs at least the minimum', () => {
      expect(check([]).problems).toEqual([{ field: 'sections', message: 'must have at least 1 section' }]);
      expect(check([], [], 0).problems).toEqual([]);
    });

    it('allows 20 sections and refuses 21, counting the existing ones', () => {
      const many = (n: number) => Array.from({ length: n }, (_, i) => standing({ name: `S${i}`, capacity: 10 }));
      expect(check(many(20)).problems).toEqual([]);
      expect(messagesFor(check(many(21)).problems, 'sections')).toEqual(['an event has at most 20 sections']);
      const existing = check(many(19)).sections;
      expect(check([standing({ name: 'Last', capacity: 10 })], existing, 0).problems).toEqual([]);
      expect(messagesFor(check([standing({ name: 'A', capacity: 1 }), standing({ name: 'B', capacity: 1 })], existing, 0).problems, 'sections')).toEqual([
        'an event has at most 20 sections',
      ]);
    });

    it('refuses too many sections by their count alone, without a problem for each of them', () => {
      const thousands = Array.from({ length: 5_000 }, () => standing({ name: '', capacity: -1 }));
      expect(check(thousands).problems).toEqual([{ field: 'sections', message: 'an event has at most 20 sections' }]);
    });
  });

  describe('name', () => {
    it('allows 1 to 50 characters after trimming', () => {
      expect(check([standing({ name: 'A' })]).problems).toEqual([]);
      expect(check([standing({ name: 'A'.repeat(50) })]).problems).toEqual([]);
      expect(check([standing({ name: 'A'.repeat(51) })]).problems).toEqual([{ field: 'sections[0].name', message: 'must be at most 50 characters' }]);
      expect(check([standing({ name: '   ' })]).problems).toEqual([{ field: 'sections[0].name', message: 'is required' }]);
    });

    it('allows letters, digits, spaces and dashes only, as it becomes part of seat labels', () => {
      expect(check([standing({ name: 'Tribune-2 East' })]).problems).toEqual([]);
      for (const name of ['VIP/A', 'Café', 'A_B', 'A.B', 'VIP:1']) {
        expect(check([standing({ name })]).problems).toEqual([
          { field: 'sections[0].name', message: 'may contain only letters, digits, spaces and dashes' },
        ]);
      }
    });

    it('refuses a name used twice, in any letter case, and one the event already has', () => {
      expect(check([standing({ name: 'VIP' }), seated({ name: 'vip' })]).problems).toEqual([
        { field: 'sections[1].name', message: 'is already used by another section of the event' },
      ]);
      const existing = check([standing({ name: 'Floor' })]).sections;
      expect(check([seated({ name: 'FLOOR' })], existing, 0).problems).toEqual([
        { field: 'sections[0].name', message: 'is already used by another section of the event' },
      ]);
    });
  });

  describe('price_cents', () => {
    it.each([0, 100_000_000_000])('allows %d', (priceCents) => {
      expect(check([standing({ priceCents })]).problems).toEqual([]);
    });

    it.each([-1, 100_000_000_001, 10.5, Number.NaN])('refuses %d', (priceCents) => {
      expect(check([standing({ priceCents })]).problems).toEqual([
        { field: 'sections[0].price_cents', message: 'must be an integer from 0 to 100000000000' },
      ]);
    });
  });

  describe('layout', () => {
    it('allows 1..100 rows and 1..500 seats per row', () => {
      expect(check([seated({ rows: 1, seatsPerRow: 1 })]).problems).toEqual([]);
      expect(check([seated({ rows: 100, seatsPerRow: 500 })]).problems).toEqual([]);
      expect(check([seated({ rows: 0, seatsPerRow: 501 })]).problems).toEqual([
        { field: 'sections[0].rows', message: 'must be an integer from 1 to 100' },
        { field: 'sections[0].seats_per_row', message: 'must be an integer from 1 to 500' },
      ]);
      expect(messagesFor(check([seated({ rows: 101 })]).problems, 'sections[0].rows')).toEqual(['must be an integer from 1 to 100']);
    });

    it('needs both rows and seats_per_row for a seated section', () => {
      expect(check([{ name: 'A', priceCents: 1, rows: 3 }]).problems).toEqual([{ field: 'sections[0].seats_per_row', message: 'is required' }]);
      expect(check([{ name: 'A', priceCents: 1, seatsPerRow: 3 }]).problems).toEqual([{ field: 'sections[0].rows', message: 'is required' }]);
    });

    it('allows a capacity of 1..100000', () => {
      expect(check([standing({ capacity: 1 })]).problems).toEqual([]);
      expect(check([standing({ capacity: 100_000 })]).problems).toEqual([]);
      for (const capacity of [0, 100_001, -5]) {
        expect(check([standing({ capacity })]).problems).toEqual([{ field: 'sections[0].capacity', message: 'must be an integer from 1 to 100000' }]);
      }
    });

    it('refuses rows and capacity together, and neither', () => {
      expect(check([seated({ capacity: 50 })]).problems).toEqual([
        { field: 'sections[0]', message: 'give either rows and seats_per_row, or capacity, not both' },
      ]);
      expect(check([{ name: 'A', priceCents: 1 }]).problems).toEqual([{ field: 'sections[0]', message: 'needs rows and seats_per_row, or capacity' }]);
    });
  });

  describe('total capacity', () => {
    it('allows 100000 seats in all and refuses 100001, counting the existing sections', () => {
      expect(check([seated({ rows: 100, seatsPerRow: 500 }), standing({ capacity: 50_000 })]).problems).toEqual([]);
      expect(check([seated({ rows: 100, seatsPerRow: 500 }), standing({ capacity: 50_001 })]).problems).toEqual([
        { field: 'sections', message: 'may hold at most 100000 seats in all' },
      ]);
      const existing = check([standing({ capacity: 99_999 })]).sections;
      expect(check([standing({ name: 'More', capacity: 1 })], existing, 0).problems).toEqual([]);
      expect(check([standing({ name: 'More', capacity: 2 })], existing, 0).problems).toEqual([
        { field: 'sections', message: 'may hold at most 100000 seats in all' },
      ]);
    });
  });

  it('reports every bad section at once, each under its index', () => {
    const { problems } = check([standing({ name: '' }), standing({ name: 'Ok' }), seated({ name: 'Bad!', rows: 0 })]);
    expect(problems.map((p) => p.field)).toEqual(['sections[0].name', 'sections[2].name', 'sections[2].rows']);
  });
});
