import type { Booking } from '../domain/booking';
import { bookingPayloads, type EventSummaries, type Outbox } from './booking-events';
import type { InTransaction } from './transactional';

export interface ExpireStore {
  events: EventSummaries;
  bookings: {
    /** PENDING -> EXPIRED for up to `limit` overdue bookings nobody else has locked and no payment claims now. */
    expireDue(limit: number): Promise<Booking[]>;
    deactivateItems(bookingIds: readonly string[]): Promise<void>;
  };
  seats: { releaseHeld(bookingIds: readonly string[]): Promise<number> };
  outbox: Outbox;
}

export interface ExpireOverdueHoldsPorts {
  inTransaction: InTransaction<ExpireStore>;
  batchSize: number;
}

/** Resolves with the number of bookings this call expired. */
export type ExpireOverdueHolds = () => Promise<number>;

/**
 * Expires every PENDING booking past its deadline, a batch per transaction: the bookings turn
 * EXPIRED, their held seats go back on sale and each gets `booking.expired`. A booking a payment
 * has freshly claimed waits until the claim is confirmed, released or stale (invariant 3). Safe to run on every
 * replica at once: a batch skips bookings another has locked, so each expires exactly once.
 */
export function createExpireOverdueHolds({ inTransaction, batchSize }: ExpireOverdueHoldsPorts): ExpireOverdueHolds {
  const expireBatch = () =>
    inTransaction(async ({ events, bookings, seats, outbox }) => {
      const expired = await bookings.expireDue(batchSize);
      if (expired.length === 0) return 0;
      const ids = expired.map((booking) => booking.id);
      await bookings.deactivateItems(ids);
      await seats.releaseHeld(ids);
      for (const payload of await bookingPayloads(events, expired)) await outbox.enqueue('booking.expired', payload.booking_id, payload);
      return expired.length;
    });

  return async () => {
    let total = 0;
    for (;;) {
      const expired = await expireBatch();
      total += expired;
      if (expired < batchSize) return total;
    }
  };
}
