import { validationError, type FieldError } from '@ticres/shared';
import { currencyProblem } from './currency';
import { parseStartsAt, parseText } from './event-details';
import { parseSections, totalCapacity, type Section, type SectionInput } from './section';

export interface NewEventInput {
  name: string;
  description: string;
  location: string;
  /** ISO 8601 with offset. */
  startsAt: string;
  /** Empty: the service's default currency. */
  currency: string;
  sections: SectionInput[];
}

/** A checked event, ready to store. */
export interface NewEventDetails {
  name: string;
  description: string;
  location: string;
  startsAt: Date;
  currency: string;
  sections: Section[];
  capacity: number;
}

export interface NewEventRules {
  defaultCurrency: string;
  now: Date;
}

/**
 * Trims and checks every field of a new event, so the caller learns all its mistakes at once.
 * Throws VALIDATION_FAILED listing each bad field.
 */
export function parseNewEvent(input: NewEventInput, { defaultCurrency, now }: NewEventRules): NewEventDetails {
  const problems: FieldError[] = [];
  const name = parseText('name', input.name, problems);
  const description = parseText('description', input.description, problems);
  const location = parseText('location', input.location, problems);
  const startsAt = parseStartsAt(input.startsAt, now, problems);
  const currency = input.currency === '' ? defaultCurrency : input.currency;
  const badCurrency = currencyProblem(currency);
  if (badCurrency) problems.push({ field: 'currency', message: badCurrency });
  const sections = parseSections({ field: 'sections', inputs: input.sections, min: 1 }, problems);
  if (!startsAt || problems.length > 0) throw validationError(problems);
  return { name, description, location, startsAt, currency, sections, capacity: totalCapacity(sections) };
}
