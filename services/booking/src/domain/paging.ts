import { isUuid, validationError, type FieldError } from '@ticres/shared';
import { PAGE_LIMITS } from '@ticres/shared/limits';
import { BOOKING_STATUSES, parseBookingStatus, type BookingStatus } from './booking';

const { defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE, maxPage: MAX_PAGE } = PAGE_LIMITS;

export interface PageRequest {
  page: number;
  limit: number;
}

export interface Page<Item> {
  items: Item[];
  total: number;
  page: number;
  limit: number;
}

export const BOOKING_SORTS = ['created_at', '-created_at', 'total_cents', '-total_cents'] as const;

export type BookingSort = (typeof BOOKING_SORTS)[number];

export interface BookingFilter {
  status: BookingStatus | undefined;
  eventId: string | undefined;
  sort: BookingSort;
}

function pageProblems(page: number, limit: number): FieldError[] {
  const problems: FieldError[] = [];
  if (!Number.isInteger(page) || page < 0 || page > MAX_PAGE) problems.push({ field: 'page', message: `must be from 1 to ${MAX_PAGE}` });
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    problems.push({ field: 'limit', message: `must be from 1 to ${MAX_PAGE_SIZE}` });
  }
  return problems;
}

const pageOf = (page: number, limit: number): PageRequest => ({ page: page || 1, limit: limit || DEFAULT_PAGE_SIZE });

/** proto3 sends 0 for an absent number, so 0 means the default (page 1, 20 per page). */
export function parsePageRequest(input: { page: number; limit: number }): PageRequest {
  const problems = pageProblems(input.page, input.limit);
  if (problems.length > 0) throw validationError(problems);
  return pageOf(input.page, input.limit);
}

/** Admin listing: optional status and event filters, a sort (default newest first), a page. */
export function parseBookingQuery(input: { status: string; eventId: string; sort: string; page: number; limit: number }): BookingFilter & PageRequest {
  const problems = pageProblems(input.page, input.limit);
  const status = input.status === '' ? undefined : parseBookingStatus(input.status);
  if (input.status !== '' && !status) problems.push({ field: 'status', message: `must be one of ${BOOKING_STATUSES.join(', ')}` });
  if (input.eventId !== '' && !isUuid(input.eventId)) problems.push({ field: 'event_id', message: 'must be a UUID' });
  const sort = input.sort === '' ? '-created_at' : (BOOKING_SORTS as readonly string[]).includes(input.sort) ? (input.sort as BookingSort) : undefined;
  if (!sort) problems.push({ field: 'sort', message: `must be one of ${BOOKING_SORTS.join(', ')}` });
  if (problems.length > 0 || !sort) throw validationError(problems);
  return {
    ...pageOf(input.page, input.limit),
    status,
    eventId: input.eventId === '' ? undefined : input.eventId.toLowerCase(),
    sort,
  };
}
