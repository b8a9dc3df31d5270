import { BOOKING_LIMITS, SECTION_LIMITS } from '@ticres/shared/limits';
import { component, dataOf } from '../http/components';
import { pageOf } from '../http/pagination';
import { dateTimeSchema as dateTime, uuidSchema } from '../http/schemas';
import { singleLineText } from '../http/text-schemas';

/** JSON schemas of bookings: request bodies, headers, queries and the answers' shapes. */

export const BOOKING_STATUSES = ['PENDING', 'PAID', 'EXPIRED', 'CANCELLED', 'REFUNDED'] as const;
export const BOOKING_SORTS = ['created_at', '-created_at', 'total_cents', '-total_cents'] as const;

const MAX_SEATS_PER_BOOKING = BOOKING_LIMITS.seatsPerBooking;

export const bookingSchema = component(
  'Booking',
  {
    type: 'object',
    required: ['id', 'user_id', 'event_id', 'status', 'seats', 'total_cents', 'currency', 'expires_at', 'created_at', 'updated_at'],
    additionalProperties: false,
    properties: {
      id: uuidSchema,
      user_id: uuidSchema,
      event_id: uuidSchema,
      status: { type: 'string', enum: BOOKING_STATUSES },
      seats: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'label', 'price_cents'],
          additionalProperties: false,
          properties: { id: uuidSchema, label: { type: 'string' }, price_cents: { type: 'integer' } },
        },
      },
      total_cents: { type: 'integer' },
      currency: { type: 'string' },
      expires_at: { ...dateTime, nullable: true, description: 'When the hold of a PENDING booking lapses.' },
      created_at: dateTime,
      updated_at: dateTime,
    },
  },
  {
    id: '0193a5c0-1f2e-7d3c-8b4a-596877665544',
    user_id: '0193a5b2-6c1d-7e2f-8a3b-4c5d6e7f8091',
    event_id: '0193a5b2-7d20-7c11-9e4f-1a2b3c4d5e6f',
    status: 'PENDING',
    seats: [
      { id: '0193a5b2-8d01-7a22-b3c4-5d6e00000001', label: 'VIP-A-1', price_cents: 150_000_000 },
      { id: '0193a5b2-8d01-7a22-b3c4-5d6e00000002', label: 'VIP-A-2', price_cents: 150_000_000 },
    ],
    total_cents: 300_000_000,
    currency: 'IDR',
    expires_at: '2026-07-02T10:15:00.000Z',
    created_at: '2026-07-02T10:00:00.000Z',
    updated_at: '2026-07-02T10:00:00.000Z',
  },
);

export const bookingPage = pageOf(bookingSchema);
export const bookingResponse = dataOf(bookingSchema);

const eventId = { ...uuidSchema, description: 'The event to book.' } as const;

export const holdSeatsBody = component(
  'HoldSeatsRequest',
  {
    oneOf: [
      {
        type: 'object',
        title: 'Named seats',
        required: ['event_id', 'seat_ids'],
        additionalProperties: false,
        properties: {
          event_id: eventId,
          seat_ids: {
            type: 'array',
            minItems: 1,
            maxItems: MAX_SEATS_PER_BOOKING,
            uniqueItems: true,
            items: uuidSchema,
            description: 'Ids from GET /events/{id}; all are held or none.',
          },
        },
      },
      {
        type: 'object',
        title: 'Best available',
        required: ['event_id', 'quantity'],
        additionalProperties: false,
        properties: {
          event_id: eventId,
          quantity: { type: 'integer', minimum: 1, maximum: MAX_SEATS_PER_BOOKING },
          section: {
            ...singleLineText(1, SECTION_LIMITS.nameLength),
            description: 'Only seats of this section; any section when absent.',
          },
        },
      },
    ],
  },
  {
    event_id: '0193a5b2-7d20-7c11-9e4f-1a2b3c4d5e6f',
    seat_ids: ['0193a5b2-8d01-7a22-b3c4-5d6e00000001', '0193a5b2-8d01-7a22-b3c4-5d6e00000002'],
  },
);

export type HoldSeatsBody = { event_id: string } & ({ seat_ids: string[] } | { quantity: number; section?: string });

export const bookingStatusQuery = { type: 'string', enum: BOOKING_STATUSES } as const;
export const bookingSortQuery = {
  type: 'string',
  enum: BOOKING_SORTS,
  default: '-created_at',
  description: 'A leading - sorts descending.',
} as const;

export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export type BookingSort = (typeof BOOKING_SORTS)[number];
