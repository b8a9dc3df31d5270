const CURRENCY = /^[A-Z]{3}$/;

/** Why `value` is not an ISO 4217 alphabetic code as TicRes accepts it (three capitals), or undefined. */
export function currencyProblem(value: string): string | undefined {
  return CURRENCY.test(value) ? undefined : 'must be three uppercase letters (ISO 4217), e.g. IDR';
}
