import type { Principal } from '@ticres/shared';
import type { Booking } from '../domain/booking';
import { parsePageRequest, type Page, type PageRequest } from '../domain/paging';

export interface ListMyBookingsPorts {
  bookings: { listByUser(userId: string, page: PageRequest): Promise<Page<Booking>> };
}

export type ListMyBookings = (caller: Principal, input: { page: number; limit: number }) => Promise<Page<Booking>>;

/** The caller's bookings, newest first, with the total count. */
export function createListMyBookings({ bookings }: ListMyBookingsPorts): ListMyBookings {
  return async (caller, input) => bookings.listByUser(caller.userId, parsePageRequest(input));
}
