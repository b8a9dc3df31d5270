import { isUuid, validationError, type Principal } from '@ticres/shared';
import { isLapsed, type Booking, type BookingStatus } from '../domain/booking';
import { bookingExpired, bookingNotCancellable, bookingNotFound } from '../domain/errors';
import { bookingPayloads, type EventSummaries, type Outbox } from './booking-events';
import type { InTransaction } from './transactional';

/** A booking's status and hold deadline, with the database's clock to judge it by. */
export interface BookingState {
  userId: string;
  status: BookingStatus;
  expiresAt: Date;
  now: Date;
}

export interface CancelBookingStore {
  events: EventSummaries;
  bookings: {
    /** PENDING -> CANCELLED for the owner while the hold runs; undefined when that does not apply. */
    cancelPending(id: string, userId: string): Promise<Booking | undefined>;
    findState(id: string): Promise<BookingState | undefined>;
    deactivateItems(bookingIds: readonly string[]): Promise<void>;
  };
  seats: { releaseHeld(bookingIds: readonly string[]): Promise<number> };
  outbox: Outbox;
}

export interface CancelBookingPorts {
  inTransaction: InTransaction<CancelBookingStore>;
}

export type CancelBooking = (caller: Principal, id: string) => Promise<Booking>;

/**
 * The caller cancels their own PENDING booking: its seats go back on sale and `booking.cancelled`
 * (reason `customer`) is recorded, atomically. Another user's booking is NOT_FOUND (admins
 * included: cancelling for someone else is not this call); a lapsed hold is BOOKING_EXPIRED; any
 * other status is CONFLICT.
 */
export function createCancelBooking({ inTransaction }: CancelBookingPorts): CancelBooking {
  return async (caller, id) => {
    if (!isUuid(id)) throw validationError([{ field: 'id', message: 'must be a UUID' }]);
    return inTransaction(async ({ events, bookings, seats, outbox }) => {
      const cancelled = await bookings.cancelPending(id.toLowerCase(), caller.userId);
      if (!cancelled) {
        const state = await bookings.findState(id.toLowerCase());
        if (!state || state.userId !== caller.userId) throw bookingNotFound();
        if (isLapsed(state, state.now)) throw bookingExpired();
        throw bookingNotCancellable(state.status);
      }
      await bookings.deactivateItems([cancelled.id]);
      await seats.releaseHeld([cancelled.id]);
      const [payload] = await bookingPayloads(events, [cancelled]);
      await outbox.enqueue('booking.cancelled', cancelled.id, { ...payload!, reason: 'customer' });
      return cancelled;
    });
  };
}
