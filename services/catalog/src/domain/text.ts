import { EVENT_LIMITS, multiLineTextProblem, singleLineTextProblem } from '@ticres/shared/limits';

/** Length limits of an event's free-text fields, in characters (code points), after trimming. */
export const TEXT_LIMITS = {
  name: { min: 1, max: EVENT_LIMITS.nameLength, multiLine: false },
  location: { min: 1, max: EVENT_LIMITS.locationLength, multiLine: false },
  description: { min: 0, max: EVENT_LIMITS.descriptionLength, multiLine: true },
} as const;

export type TextField = keyof typeof TEXT_LIMITS;

/** Characters, not UTF-16 units, so an emoji counts once, as Postgres `char_length` counts it. */
export const characterCount = (value: string): number => [...value].length;

/**
 * Why a trimmed value of `field` is unacceptable, or undefined. Names and locations are printed
 * as one line in emails and tickets, so they hold no control characters; a description may
 * break lines with LF.
 */
export function textProblem(field: TextField, value: string): string | undefined {
  const { min, max, multiLine } = TEXT_LIMITS[field];
  const length = characterCount(value);
  if (length < min) return 'is required';
  if (length > max) return `must be at most ${max} characters`;
  return multiLine ? multiLineTextProblem(value) : singleLineTextProblem(value);
}
