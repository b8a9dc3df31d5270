import { validationError, type FieldError } from '@ticres/shared';
import { EVENT_LIMITS, PAGE_LIMITS, singleLineTextProblem } from '@ticres/shared/limits';
import { EVENT_STATUSES, type EventStatus } from './event';
import { INSTANT_FORMAT_MESSAGE, parseInstant } from './instant';
import { characterCount } from './text';

/** Filters as they arrive: empty strings and zeros mean "not given" (proto3 defaults). */
export interface EventQueryInput {
  search: string;
  status: string;
  from: string;
  to: string;
  page: number;
  limit: number;
}

/**
 * A checked, canonical list query: two requests that must give the same answer give equal
 * queries (the cache keys on it), e.g. `search` is trimmed and lower-cased, times are instants.
 */
export interface EventQuery {
  /** Matches name or location, case-insensitively, as a plain substring (no wildcards). */
  search?: string;
  status?: EventStatus;
  /** Inclusive bounds on starts_at. */
  from?: Date;
  to?: Date;
  page: number;
  limit: number;
}

function parseBound(field: 'from' | 'to', value: string, problems: FieldError[]): Date | undefined {
  if (value === '') return undefined;
  const instant = parseInstant(value);
  if (!instant) problems.push({ field, message: INSTANT_FORMAT_MESSAGE });
  return instant;
}

function parseCount(field: string, value: number, fallback: number, max: number, problems: FieldError[]): number {
  if (value === 0) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) problems.push({ field, message: `must be an integer from 1 to ${max}` });
  return value;
}

/** Checks every filter and applies the defaults; throws VALIDATION_FAILED listing each bad one. */
export function parseEventQuery(input: EventQueryInput): EventQuery {
  const problems: FieldError[] = [];
  const query: EventQuery = {
    page: parseCount('page', input.page, 1, PAGE_LIMITS.maxPage, problems),
    limit: parseCount('limit', input.limit, PAGE_LIMITS.defaultSize, PAGE_LIMITS.maxSize, problems),
  };

  const search = input.search.trim();
  const searchProblem =
    characterCount(search) > EVENT_LIMITS.searchLength ? `must be at most ${EVENT_LIMITS.searchLength} characters` : singleLineTextProblem(search);
  if (searchProblem) problems.push({ field: 'search', message: searchProblem });
  else if (search !== '') query.search = search.toLowerCase();

  if (input.status !== '') {
    if ((EVENT_STATUSES as readonly string[]).includes(input.status)) query.status = input.status as EventStatus;
    else problems.push({ field: 'status', message: `must be one of ${EVENT_STATUSES.join(', ')}` });
  }

  const from = parseBound('from', input.from, problems);
  const to = parseBound('to', input.to, problems);
  if (from && to && from.getTime() > to.getTime()) problems.push({ field: 'to', message: 'must not be before from' });
  if (from) query.from = from;
  if (to) query.to = to;

  if (problems.length > 0) throw validationError(problems);
  return query;
}
