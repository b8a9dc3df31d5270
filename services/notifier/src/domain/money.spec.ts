import { formatMoney, minorUnitsOf } from './money';

describe('formatMoney', () => {
  it.each([
    [150_000_000, 'IDR', 'IDR 1,500,000.00'],
    [5, 'IDR', 'IDR 0.05'],
    [0, 'USD', 'USD 0.00'],
    [123_456, 'eur', 'EUR 1,234.56'],
    [1_200, 'JPY', 'JPY 1,200'],
    [1_234_567, 'KWD', 'KWD 1,234.567'],
    [-2_550, 'USD', '-USD 25.50'],
    [Number.MAX_SAFE_INTEGER, 'USD', 'USD 90,071,992,547,409.91'],
  ])('formats %d %s as %s', (amount, currency, expected) => {
    expect(formatMoney(amount, currency)).toBe(expected);
  });

  it('refuses a fractional amount rather than rounding it', () => {
    expect(() => formatMoney(10.5, 'USD')).toThrow(RangeError);
  });

  it('knows IDR has 2 minor units, JPY 0, BHD 3', () => {
    expect([minorUnitsOf('IDR'), minorUnitsOf('JPY'), minorUnitsOf('BHD')]).toEqual([2, 0, 3]);
  });
});
