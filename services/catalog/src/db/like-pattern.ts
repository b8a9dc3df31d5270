/** The escape character the list query declares with `ILIKE ... ESCAPE '\'`. */
export const LIKE_ESCAPE = '\\';

/**
 * A LIKE pattern matching `text` anywhere, with `%`, `_` and the escape character itself taken
 * literally: a search for `50%` finds "50% off", not every title containing "50".
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `${LIKE_ESCAPE}${character}`)}%`;
}
