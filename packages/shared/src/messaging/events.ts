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
  seats: BookedSeatPayload[];
  total_cents: number;
  currency: string;
  expires_at: string;
}

/** Each event type and the shape of its `data`, version 1. */
export interface EventDataByType {
  'event.created': EventSnapshot;
  'event.updated': EventSnapshot;
  'event.cancelled': { event_id: string; reason: string; cancelled_at: string };
  'booking.created': BookingPayload;
  'booking.expired': BookingPayload;
  'booking.cancelled': BookingPayload & { reason: 'customer' | 'event_cancelled' };
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
