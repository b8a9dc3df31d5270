import { isUuid, validationError, type Principal } from '@ticres/shared';
import type { Booking } from '../domain/booking';
import { bookingNotFound } from '../domain/errors';

export interface GetBookingPorts {
  bookings: { findById(id: string): Promise<Booking | undefined> };
}

export type GetBooking = (caller: Principal, id: string) => Promise<Booking>;

/** The caller's own booking, or anyone's for an admin; someone else's looks like no booking at all. */
export function createGetBooking({ bookings }: GetBookingPorts): GetBooking {
  return async (caller, id) => {
    if (!isUuid(id)) throw validationError([{ field: 'id', message: 'must be a UUID' }]);
    const booking = await bookings.findById(id.toLowerCase());
    if (!booking || (booking.userId !== caller.userId && caller.role !== 'admin')) throw bookingNotFound();
    return booking;
  };
}
