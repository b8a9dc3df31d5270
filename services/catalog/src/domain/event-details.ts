import type { FieldError } from '@ticres/shared';
import { INSTANT_FORMAT_MESSAGE, parseInstant } from './instant';
import { textProblem, type TextField } from './text';

/** The trimmed value of a free-text field; its problem, if any, goes to `problems`. */
export function parseText(field: TextField, value: string, problems: FieldError[]): string {
  const trimmed = value.trim();
  const message = textProblem(field, trimmed);
  if (message) problems.push({ field, message });
  return trimmed;
}

/**
 * The start of an event, which must lie after `now`. Returns undefined (and records why) when
 * the value is malformed or not in the future.
 */
export function parseStartsAt(value: string, now: Date, problems: FieldError[]): Date | undefined {
  const startsAt = parseInstant(value);
  if (!startsAt) {
    problems.push({ field: 'starts_at', message: value === '' ? 'is required' : INSTANT_FORMAT_MESSAGE });
    return undefined;
  }
  if (startsAt.getTime() <= now.getTime()) {
    problems.push({ field: 'starts_at', message: 'must be in the future' });
    return undefined;
  }
  return startsAt;
}
