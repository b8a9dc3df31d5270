import { ISO_4217_CURRENCIES, MULTI_LINE_TEXT_PATTERN, PRINTABLE_ASCII_PATTERN, SINGLE_LINE_TEXT_PATTERN } from '@ticres/shared/limits';

/**
 * Schemas of free text, built on the rules the services enforce themselves
 * (`@ticres/shared/limits`), so the OpenAPI document states the same rule a service applies.
 */

/** A name, a location, a reason: one line, no control characters. */
export const singleLineText = (minLength: number, maxLength: number) =>
  ({ type: 'string', minLength, maxLength, pattern: SINGLE_LINE_TEXT_PATTERN }) as const;

/** A description: lines broken by LF, no other control characters. */
export const multiLineText = (maxLength: number) => ({ type: 'string', maxLength, pattern: MULTI_LINE_TEXT_PATTERN }) as const;

/** An opaque token or key that travels in headers and logs: printable ASCII. */
export const printableAscii = (minLength: number, maxLength: number) =>
  ({ type: 'string', minLength, maxLength, pattern: PRINTABLE_ASCII_PATTERN }) as const;

export const currencyCode = { type: 'string', enum: ISO_4217_CURRENCIES } as const;
