import { requireRole, type Principal } from '@ticres/shared';
import type { Booking } from '../domain/booking';
import { parseBookingQuery, type BookingFilter, type Page, type PageRequest } from '../domain/paging';

export interface ListBookingsPorts {
  bookings: { list(filter: BookingFilter, page: PageRequest): Promise<Page<Booking>> };
}

export interface ListBookingsInput {
  status: string;
  eventId: string;
  sort: string;
  page: number;
  limit: number;
}

export type ListBookings = (caller: Principal, input: ListBookingsInput) => Promise<Page<Booking>>;

/** Admin only: every booking, filtered by status and event, sorted, one page at a time. */
export function createListBookings({ bookings }: ListBookingsPorts): ListBookings {
  return async (caller, input) => {
    requireRole(caller, 'admin');
    const { page, limit, ...filter } = parseBookingQuery(input);
    return bookings.list(filter, { page, limit });
  };
}
