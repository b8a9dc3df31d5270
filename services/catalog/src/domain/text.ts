/** Length limits of an event's free-text fields, in characters (code points), after trimming. */
export const TEXT_LIMITS = {
  name: { min: 1, max: 200 },
  location: { min: 1, max: 200 },
  description: { min: 0, max: 5000 },
} as const;

export type TextField = keyof typeof TEXT_LIMITS;

/** Characters, not UTF-16 units, so an emoji counts once, as Postgres `char_length` counts it. */
export const characterCount = (value: string): number => [...value].length;

/** Why a trimmed value of `field` is unacceptable, or undefined. */
export function textProblem(field: TextField, value: string): string | undefined {
  const { min, max } = TEXT_LIMITS[field];
  const length = characterCount(value);
  if (length < min) return 'is required';
  if (length > max) return `must be at most ${max} characters`;
  return undefined;
}
