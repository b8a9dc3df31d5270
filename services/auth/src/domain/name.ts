import { singleLineTextProblem, USER_LIMITS } from '@ticres/shared/limits';

export const NAME_MAX_LENGTH = USER_LIMITS.nameLength;

/** The display name as stored: surrounding whitespace removed. */
export function normalizeName(name: string): string {
  return name.trim();
}

/** Why a normalised name is unacceptable, or undefined. Length counts characters, not UTF-16 units. */
export function nameProblem(name: string): string | undefined {
  const length = [...name].length;
  if (length === 0) return 'is required';
  if (length > NAME_MAX_LENGTH) return `must be at most ${NAME_MAX_LENGTH} characters`;
  // A name is printed as one line on tickets and in emails: no control characters, no line breaks.
  return singleLineTextProblem(name);
}
