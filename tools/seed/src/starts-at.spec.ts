import { startsAt } from './starts-at';

describe('startsAt', () => {
  it('is 19:00 +07:00 on the day months and then days later', () => {
    const now = new Date('2026-03-10T08:00:00Z');
    expect(startsAt(now, { months: 1, days: 0 })).toBe('2026-04-10T19:00:00+07:00');
    expect(startsAt(now, { months: 0, days: 14 })).toBe('2026-03-24T19:00:00+07:00');
    expect(startsAt(now, { months: 2, days: 25 })).toBe('2026-06-04T19:00:00+07:00');
  });

  it('counts the day in +07:00: 20:00 UTC is already the next day in Jakarta', () => {
    expect(startsAt(new Date('2026-03-10T20:00:00Z'), { months: 0, days: 7 })).toBe('2026-03-18T19:00:00+07:00');
  });

  it('ends a month early rather than spilling over: Jan 31 + 1 month is the last day of February', () => {
    const jan31 = new Date('2026-01-31T03:00:00Z');
    expect(startsAt(jan31, { months: 1, days: 0 })).toBe('2026-02-28T19:00:00+07:00');
    expect(startsAt(new Date('2028-01-31T03:00:00Z'), { months: 1, days: 0 })).toBe('2028-02-29T19:00:00+07:00');
    expect(startsAt(jan31, { months: 1, days: 1 })).toBe('2026-03-01T19:00:00+07:00');
  });

  it('crosses the year', () => {
    expect(startsAt(new Date('2026-11-15T03:00:00Z'), { months: 4, days: 15 })).toBe('2027-03-30T19:00:00+07:00');
  });
});
