/**
 * ISO 4217 minor units where they are not 2. Kept here rather than taken from Intl: ICU shows
 * some currencies (IDR among them) with fewer digits than the minor units the amounts are kept in.
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** How many minor units the currency has (2 unless listed). */
export const minorUnitsOf = (currency: string): number => MINOR_UNITS[currency.toUpperCase()] ?? 2;

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * An amount in minor units as a person reads it: `IDR 1,500,000.00` for 150000000 IDR, `JPY 1,200`
 * for 1200 JPY. Integer arithmetic on the digits only, so no float ever rounds a price.
 */
export function formatMoney(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`not an integer amount: ${amountMinor}`);
  const code = currency.toUpperCase();
  const units = minorUnitsOf(code);
  const digits = Math.abs(amountMinor)
    .toString()
    .padStart(units + 1, '0');
  const whole = groupThousands(digits.slice(0, digits.length - units));
  const fraction = units > 0 ? `.${digits.slice(digits.length - units)}` : '';
  return `${amountMinor < 0 ? '-' : ''}${code} ${whole}${fraction}`;
}
