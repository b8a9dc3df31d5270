import type { BookingPayload, EventDataByType } from '@ticres/shared';
import type { BookingRepository } from '../db/booking.repository';
import type { BookingSummary } from '../domain/notification';
import { bookingCancelledEmail } from '../domain/templates/booking-cancelled';
import { bookingConfirmedEmail } from '../domain/templates/booking-confirmed';
import { bookingExpiredEmail } from '../domain/templates/booking-expired';
import { bookingRefundedEmail } from '../domain/templates/booking-refunded';
import type { SendNotification, SendOutcome, SendStore } from './send-notification';

export interface NotifyStore extends SendStore {
  bookings: Pick<BookingRepository, 'remember' | 'find'>;
}

/** One booking.* message: its id (the dedupe key) and its data. */
export interface BookingMessage<Type extends keyof EventDataByType> {
  id: string;
  data: EventDataByType[Type];
}

/** Thrown for a refund of a booking the notifier has not heard of yet; the message is retried. */
export class BookingNotKnownYetError extends Error {
  constructor(readonly bookingId: string) {
    super(`booking ${bookingId} is not known yet; no event carrying it whole has been consumed`);
    this.name = 'BookingNotKnownYetError';
  }
}

function summaryOf(data: BookingPayload): BookingSummary {
  return {
    bookingId: data.booking_id,
    userId: data.user_id,
    eventId: data.event_id,
    eventName: data.event_name,
    eventStartsAt: new Date(data.event_starts_at),
    seatLabels: data.seats.map((seat) => seat.label),
    totalCents: data.total_cents,
    currency: data.currency,
  };
}

export interface BookingNotices {
  confirmed(store: NotifyStore, message: BookingMessage<'booking.confirmed'>): Promise<SendOutcome>;
  expired(store: NotifyStore, message: BookingMessage<'booking.expired'>): Promise<SendOutcome>;
  cancelled(store: NotifyStore, message: BookingMessage<'booking.cancelled'>): Promise<SendOutcome>;
  refunded(store: NotifyStore, message: BookingMessage<'booking.refunded'>): Promise<SendOutcome>;
}

/**
 * Turns each booking event into its mail. Every event that carries the booking whole records it,
 * so that its refund, which does not, can be described: a booking is refunded only once it was
 * confirmed, expired or cancelled, each of which the notifier hears of.
 */
export function createBookingNotices(send: SendNotification): BookingNotices {
  const remembered = async (store: NotifyStore, data: BookingPayload) => {
    const booking = summaryOf(data);
    await store.bookings.remember(booking);
    return booking;
  };

  return {
    async confirmed(store, { id, data }) {
      const booking = await remembered(store, data);
      return send(store, { messageId: id, userId: data.user_id, type: 'booking.confirmed', render: (c) => bookingConfirmedEmail(booking, c) });
    },
    async expired(store, { id, data }) {
      const booking = await remembered(store, data);
      return send(store, { messageId: id, userId: data.user_id, type: 'booking.expired', render: (c) => bookingExpiredEmail(booking, c) });
    },
    async cancelled(store, { id, data }) {
      const booking = await remembered(store, data);
      return send(store, {
        messageId: id,
        userId: data.user_id,
        type: 'booking.cancelled',
        render: (c) => bookingCancelledEmail(booking, data.reason, c),
      });
    },
    async refunded(store, { id, data }) {
      const booking = await store.bookings.find(data.booking_id);
      if (!booking) throw new BookingNotKnownYetError(data.booking_id);
      const refund = { amountCents: data.amount_cents, currency: data.currency, reason: data.reason };
      return send(store, { messageId: id, userId: data.user_id, type: 'booking.refunded', render: (c) => bookingRefundedEmail(booking, refund, c) });
    },
  };
}
