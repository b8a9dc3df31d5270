import { parseInstant } from './instant';

describe('parseInstant', () => {
  it.each([
    ['2027-03-01T19:30:00+07:00', '2027-03-01T12:30:00.000Z'],
    ['2027-03-01T19:30:00Z', '2027-03-01T19:30:00.000Z'],
    ['2027-03-01T19:30Z', '2027-03-01T19:30:00.000Z'],
    ['2027-03-01T19:30:00.123-03:30', '2027-03-01T23:00:00.123Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseInstant(text)?.toISOString()).toBe(iso);
  });

  it.each([
    ['no offset', '2027-03-01T19:30:00'],
    ['a date alone', '2027-03-01'],
    ['a space instead of T', '2027-03-01 19:30:00Z'],
    ['30 February', '2027-02-30T10:00:00Z'],
    ['29 February of a common year', '2027-02-29T10:00:00Z'],
    ['month 13', '2027-13-01T10:00:00Z'],
    ['hour 24', '2027-03-01T24:00:00Z'],
    ['minute 60', '2027-03-01T10:60:00Z'],
    ['second 60', '2027-03-01T10:00:60Z'],
    ['an offset beyond 14 hours', '2027-03-01T10:00:00+15:00'],
    ['words', 'next friday'],
    ['empty', ''],
  ])('refuses %s', (_case, text) => {
    expect(parseInstant(text)).toBeUndefined();
  });
});
