/**
 * What free text may contain. A single-line field (a name, a location, a reason) becomes a line of
 * an email, a ticket or a log: a CR or LF in it would start a new line there (an event name once
 * added lines to the emails sent about it). So single-line text has no control characters at all:
 * no C0 (NUL, TAB, CR, LF, ...), no DEL or C1, and no Unicode line or paragraph separator.
 * Multi-line text (a description) may break lines with LF, and nothing else.
 *
 * The patterns are JSON Schema (ECMA-262) source, so the gateway's schemas and the OpenAPI
 * document carry the same rule as the services' domain checks.
 */

/** Single-line text: no C0, DEL, C1, U+2028 or U+2029. */
export const SINGLE_LINE_TEXT_PATTERN = '^[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029]*$';

/** Multi-line text: as single-line, but LF (U+000A) may break lines. */
export const MULTI_LINE_TEXT_PATTERN = '^[^\\u0000-\\u0009\\u000B-\\u001F\\u007F-\\u009F\\u2028\\u2029]*$';

/** Printable ASCII only (tokens and keys that travel in headers and logs). */
export const PRINTABLE_ASCII_PATTERN = '^[\\u0020-\\u007E]*$';

/** Section names become part of seat labels (`VIP-A-12`), so they keep to a label-safe alphabet. */
export const SECTION_NAME_PATTERN = '^[A-Za-z0-9 -]+$';
export const SECTION_NAME_MESSAGE = 'may contain only letters, digits, spaces and dashes';

const SINGLE_LINE = new RegExp(SINGLE_LINE_TEXT_PATTERN, 'u');
const MULTI_LINE = new RegExp(MULTI_LINE_TEXT_PATTERN, 'u');

export const SINGLE_LINE_TEXT_MESSAGE = 'must be one line without control characters';
export const MULTI_LINE_TEXT_MESSAGE = 'must not contain control characters other than line feeds';
export const PRINTABLE_ASCII_MESSAGE = 'must be printable ASCII characters';

/** The message for each pattern above, for validators that would otherwise quote the pattern. */
export const PATTERN_MESSAGES: Readonly<Record<string, string>> = {
  [SINGLE_LINE_TEXT_PATTERN]: SINGLE_LINE_TEXT_MESSAGE,
  [MULTI_LINE_TEXT_PATTERN]: MULTI_LINE_TEXT_MESSAGE,
  [PRINTABLE_ASCII_PATTERN]: PRINTABLE_ASCII_MESSAGE,
  [SECTION_NAME_PATTERN]: SECTION_NAME_MESSAGE,
};

/** Why `value` is no acceptable single-line text, or undefined. */
export const singleLineTextProblem = (value: string): string | undefined => (SINGLE_LINE.test(value) ? undefined : SINGLE_LINE_TEXT_MESSAGE);

/** Why `value` is no acceptable multi-line text, or undefined. */
export const multiLineTextProblem = (value: string): string | undefined => (MULTI_LINE.test(value) ? undefined : MULTI_LINE_TEXT_MESSAGE);
