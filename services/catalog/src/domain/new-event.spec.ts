import { failureOf, fieldsOf } from '../../test/support/failures';
import { CURRENCY_MESSAGE } from '@ticres/shared/limits';
import { parseNewEvent, type NewEventInput } from './new-event';

const now = new Date('2030-01-01T00:00:00Z');
const rules = { defaultCurrency: 'IDR', now };

const valid = (overrides: Partial<NewEventInput> = {}): NewEventInput => ({
  name: 'Konser Tulus',
  description: 'An evening of songs.',
  location: 'Bandung',
  startsAt: '2030-02-01T19:00:00+07:00',
  currency: 'IDR',
  sections: [{ name: 'Regular', priceCents: 50_000_000, rows: 3, seatsPerRow: 10 }],
  ...overrides,
});

const problemsOf = (input: NewEventInput) => failureOf(() => parseNewEvent(input, rules)).fields;

describe('parseNewEvent', () => {
  it('returns the trimmed event with its start as an instant and its capacity', () => {
    expect(parseNewEvent(valid({ name: '  Konser Tulus ', location: ' Bandung\n' }), rules)).toEqual({
      name: 'Konser Tulus',
      description: 'An evening of songs.',
      location: 'Bandung',
      startsAt: new Date('2030-02-01T12:00:00Z'),
      currency: 'IDR',
      sections: [{ name: 'Regular', priceCents: 50_000_000, rows: 3, seatsPerRow: 10, capacity: 30 }],
      capacity: 30,
    });
  });

  it('lists every bad field at once', () => {
    const error = failureOf(() =>
      parseNewEvent({ name: '', description: 'd'.repeat(5001), location: ' ', startsAt: 'soon', currency: 'rupiah', sections: [] }, rules),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(error)).toEqual(['name', 'description', 'location', 'starts_at', 'currency', 'sections']);
  });

  describe.each(['name', 'location'] as const)('%s', (field) => {
    it('allows 1 to 200 characters after trimming', () => {
      expect(() => parseNewEvent(valid({ [field]: 'x' }), rules)).not.toThrow();
      expect(() => parseNewEvent(valid({ [field]: 'x'.repeat(200) }), rules)).not.toThrow();
      expect(problemsOf(valid({ [field]: 'x'.repeat(201) }))).toEqual([{ field, message: 'must be at most 200 characters' }]);
      expect(problemsOf(valid({ [field]: '   ' }))).toEqual([{ field, message: 'is required' }]);
    });

    it('counts characters, not UTF-16 units', () => {
      expect(() => parseNewEvent(valid({ [field]: '🎟'.repeat(200) }), rules)).not.toThrow();
      expect(problemsOf(valid({ [field]: '🎟'.repeat(201) }))).toEqual([{ field, message: 'must be at most 200 characters' }]);
    });
  });

  it('allows an empty description and up to 5000 characters', () => {
    expect(parseNewEvent(valid({ description: '' }), rules).description).toBe('');
    expect(() => parseNewEvent(valid({ description: 'd'.repeat(5000) }), rules)).not.toThrow();
    expect(problemsOf(valid({ description: 'd'.repeat(5001) }))).toEqual([{ field: 'description', message: 'must be at most 5000 characters' }]);
  });

  describe('starts_at', () => {
    it('must carry an offset', () => {
      expect(fieldsOf(failureOf(() => parseNewEvent(valid({ startsAt: '2030-02-01T19:00:00' }), rules)))).toEqual(['starts_at']);
    });

    it('is required', () => {
      expect(problemsOf(valid({ startsAt: '' }))).toEqual([{ field: 'starts_at', message: 'is required' }]);
    });

    it('must lie strictly after now', () => {
      expect(problemsOf(valid({ startsAt: '2030-01-01T00:00:00Z' }))).toEqual([{ field: 'starts_at', message: 'must be in the future' }]);
      expect(problemsOf(valid({ startsAt: '2029-12-31T23:00:00Z' }))).toEqual([{ field: 'starts_at', message: 'must be in the future' }]);
      expect(parseNewEvent(valid({ startsAt: '2030-01-01T00:00:00.001Z' }), rules).startsAt).toEqual(new Date('2030-01-01T00:00:00.001Z'));
    });

    it('must be a real calendar date', () => {
      expect(fieldsOf(failureOf(() => parseNewEvent(valid({ startsAt: '2030-02-30T19:00:00Z' }), rules)))).toEqual(['starts_at']);
    });
  });

  describe('currency', () => {
    it('defaults to the configured currency when empty', () => {
      expect(parseNewEvent(valid({ currency: '' }), { defaultCurrency: 'SGD', now }).currency).toBe('SGD');
    });

    it.each(['USD', 'EUR'])('accepts %s', (currency) => {
      expect(parseNewEvent(valid({ currency }), rules).currency).toBe(currency);
    });

    it.each(['idr', 'ID', 'IDRR', 'I1R', 'ABC', 'XXX', 'HRK'])('refuses %s, no ISO 4217 code in use', (currency) => {
      expect(problemsOf(valid({ currency }))).toEqual([{ field: 'currency', message: CURRENCY_MESSAGE }]);
    });
  });

  describe('control characters', () => {
    it.each(['\r\n', '\n', '\u0000', '\t', '\u0085', '\u2028'])('refuses %j inside the name and the location', (control) => {
      const text = `Konser${control}Bcc: x@evil.test`;
      expect(fieldsOf(failureOf(() => parseNewEvent(valid({ name: text, location: text }), rules)))).toEqual(['name', 'location']);
    });

    it('lets the description break lines with LF, and nothing else', () => {
      expect(parseNewEvent(valid({ description: 'Doors 19:00\nShow 20:00' }), rules).description).toBe('Doors 19:00\nShow 20:00');
      expect(fieldsOf(failureOf(() => parseNewEvent(valid({ description: 'Doors\r\nShow' }), rules)))).toEqual(['description']);
    });
  });

  it('checks the sections and names them by index', () => {
    expect(fieldsOf(failureOf(() => parseNewEvent(valid({ sections: [{ name: 'A', priceCents: -1, capacity: 5 }] }), rules)))).toEqual([
      'sections[0].price_cents',
    ]);
  });
});
