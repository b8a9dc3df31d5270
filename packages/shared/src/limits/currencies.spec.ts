import { isCurrencyCode } from './currencies';

describe('ISO 4217 currencies', () => {
  it.each(['IDR', 'USD', 'EUR', 'JPY', 'XCG'])('knows %s', (code) => expect(isCurrencyCode(code)).toBe(true));

  it.each(['ABC', 'XXX', 'XAU', 'HRK', 'idr', 'US', 'USDD', ''])('refuses %s', (code) => expect(isCurrencyCode(code)).toBe(false));
});
