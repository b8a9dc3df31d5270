import { CURRENCY_MESSAGE, isCurrencyCode } from '@ticres/shared/limits';

/** Why `value` is not an ISO 4217 currency code in use (upper case, as stored), or undefined. */
export function currencyProblem(value: string): string | undefined {
  return isCurrencyCode(value) ? undefined : CURRENCY_MESSAGE;
}
