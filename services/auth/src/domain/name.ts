export const NAME_MAX_LENGTH = 100;

/** The display name as stored: surrounding whitespace removed. */
export function normalizeName(name: string): string {
  return name.trim();
}

/** Why a normalised name is unacceptable, or undefined. Length counts characters, not UTF-16 units. */
export function nameProblem(name: string): string | undefined {
  const length = [...name].length;
  if (length === 0) return 'is required';
  if (length > NAME_MAX_LENGTH) return `must be at most ${NAME_MAX_LENGTH} characters`;
  // Control characters (NUL above all) have no place in a name printed on tickets and emails.
  if (/\p{Cc}/u.test(name)) return 'must not contain control characters';
  return undefined;
}
