/**
 * The events services exchange over RabbitMQ. The routing key is the event type; the envelope's
 * `version` says which shape `data` has, so a v2 can be published beside v1 while consumers move.
 * Money is integer minor units, times are ISO 8601 with offset, ids are UUIDs.
 */

export interface SectionLayout {
  name: string;
  price_cents: number;
  /** Seated: rows x seats_per_row. General admission: rows = seats_per_row = 0 and capacity set. */
  rows: number;
  seats_per_row: number;
  capacity: number;
}

export interface EventSnapshot {
  event_id: string;
  name: string;
  starts_at: string;
  currency: string;
  /** available | cancelled | completed */
  status: string;
  organizer_id: string;
  /** Every section the event has now; sections are only ever added. */
  sections: SectionLayout[];
}

export interface BookedSeatPayload {
  id: string;
  label: string;
  price_cents: number;
}

export interface BookingPayload {
  booking_id: string;
  user_id: string;
  event_id: string;
  /** The event's name and start, so a reader (the notifier) needs no second lookup. */
  event_name: string;
  event_starts_at: string;
  seats: BookedSeatPayload[];
  total_cents: number;
  currency: string;
  expires_at: string;
}

export interface PaymentPayload {
  booking_id: string;
  user_id: string;
  event_id: string;
  transaction_id: string;
  amount_cents: number;
  currency: string;
  /** credit_card | bank_transfer | e_wallet */
  payment_method: string;
}

/** Each event type and the shape of its `data`, version 1. */
export interface EventDataByType {
  'event.created': EventSnapshot;
  'event.updated': EventSnapshot;
  'event.cancelled': { event_id: string; reason: string; cancelled_at: string };
  'booking.created': BookingPayload;
  'booking.expired': BookingPayload;
  'booking.cancelled': BookingPayload & { reason: 'customer' | 'event_cancelled' };
  /** Booking turned PENDING into PAID after `booking.paid`. */
  'booking.confirmed': BookingPayload & { transaction_id: string };
  /** Published by payment: the charge succeeded. The booking confirms it or rejects it. */
  'booking.paid': PaymentPayload;
  /** Published by booking: money was captured for a booking that can no longer be confirmed. */
  'booking.payment_rejected': {
    booking_id: string;
    user_id: string;
    event_id: string;
    transaction_id: string;
    /** `already_paid`: a second capture for a booking another transaction paid. */
    reason: 'expired' | 'cancelled' | 'event_cancelled' | 'already_paid';
  };
  /** Published by payment: a charge was declined or timed out; the booking stays payable. */
  'payment.failed': PaymentPayload & { reason: 'declined' | 'timeout' };
  /** Published by payment: a refund completed. */
  'booking.refunded': PaymentPayload & { refund_id: string; reason: string };
}

export type EventType = keyof EventDataByType;

export const EVENT_VERSION = 1;

/** What travels on the wire: the message body, JSON. `id` is also the AMQP `message_id`. */
export interface EventEnvelope<Type extends EventType = EventType> {
  id: string;
  type: Type;
  version: number;
  occurred_at: string;
  aggregate_id: string;
  data: EventDataByType[Type];
}
