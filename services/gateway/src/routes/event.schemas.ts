import { EVENT_LIMITS, SECTION_LIMITS, SECTION_NAME_PATTERN } from '@ticres/shared/limits';
import { component, dataOf, ref } from '../http/components';
import { pageOf } from '../http/pagination';
import { dateTimeSchema as dateTime, uuidSchema } from '../http/schemas';
import { currencyCode, multiLineText, singleLineText } from '../http/text-schemas';

/** JSON schemas of events and seats: request bodies, queries and the answers' shapes. */

export const EVENT_STATUSES = ['available', 'cancelled', 'completed'] as const;
export const SEAT_STATUSES = ['available', 'held', 'sold', 'void'] as const;

const sectionName = {
  type: 'string',
  minLength: 1,
  maxLength: SECTION_LIMITS.nameLength,
  pattern: SECTION_NAME_PATTERN,
  description: 'Part of every seat label (`VIP-A-12`): letters, digits, spaces and dashes.',
} as const;
const priceCents = {
  type: 'integer',
  minimum: 0,
  maximum: SECTION_LIMITS.maxPriceCents,
  description: 'Price of one seat in minor units of the currency (cents).',
} as const;

const seatedSection = {
  type: 'object',
  title: 'Seated section',
  description: 'rows x seats_per_row numbered seats.',
  required: ['name', 'price_cents', 'rows', 'seats_per_row'],
  additionalProperties: false,
  properties: {
    name: sectionName,
    price_cents: priceCents,
    rows: { type: 'integer', minimum: 1, maximum: SECTION_LIMITS.rows },
    seats_per_row: { type: 'integer', minimum: 1, maximum: SECTION_LIMITS.seatsPerRow },
  },
} as const;

const generalAdmissionSection = {
  type: 'object',
  title: 'General admission section',
  description: 'capacity places without rows.',
  required: ['name', 'price_cents', 'capacity'],
  additionalProperties: false,
  properties: {
    name: sectionName,
    price_cents: priceCents,
    capacity: { type: 'integer', minimum: 1, maximum: SECTION_LIMITS.capacity },
  },
} as const;

/** A section as sent in a request: seated or general admission, exactly one of the two. */
export const sectionInput = { oneOf: [seatedSection, generalAdmissionSection] } as const;

/** A section in an answer; `capacity` is always there, `rows` and `seats_per_row` when seated. */
const sectionSchema = {
  type: 'object',
  required: ['name', 'price_cents', 'capacity'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    price_cents: { type: 'integer' },
    rows: { type: 'integer' },
    seats_per_row: { type: 'integer' },
    capacity: { type: 'integer' },
  },
} as const;

export const eventSchema = component(
  'Event',
  {
    type: 'object',
    required: [
      'id',
      'name',
      'description',
      'location',
      'starts_at',
      'currency',
      'status',
      'organizer_id',
      'capacity',
      'sections',
      'created_at',
      'updated_at',
    ],
    additionalProperties: false,
    properties: {
      id: uuidSchema,
      name: { type: 'string' },
      description: { type: 'string' },
      location: { type: 'string' },
      starts_at: dateTime,
      currency: { type: 'string', description: 'ISO 4217 code.' },
      status: { type: 'string', enum: EVENT_STATUSES },
      organizer_id: uuidSchema,
      capacity: { type: 'integer', description: 'Seats over all sections.' },
      sections: { type: 'array', items: sectionSchema },
      created_at: dateTime,
      updated_at: dateTime,
    },
  },
  {
    id: '0193a5b2-7d20-7c11-9e4f-1a2b3c4d5e6f',
    name: 'Jakarta Jazz Night',
    description: 'An evening of jazz under the stars.',
    location: 'Jakarta International Expo',
    starts_at: '2026-08-01T19:00:00+07:00',
    currency: 'IDR',
    status: 'available',
    organizer_id: '0193a5b2-6c1d-7e2f-8a3b-4c5d6e7f8091',
    capacity: 108,
    sections: [
      { name: 'VIP', price_cents: 150_000_000, rows: 2, seats_per_row: 4, capacity: 8 },
      { name: 'Festival', price_cents: 50_000_000, capacity: 100 },
    ],
    created_at: '2026-07-01T09:30:00.000Z',
    updated_at: '2026-07-01T09:30:00.000Z',
  },
);

export const seatSchema = component(
  'Seat',
  {
    type: 'object',
    required: ['id', 'label', 'section', 'row', 'number', 'price_cents', 'status'],
    additionalProperties: false,
    properties: {
      id: uuidSchema,
      label: { type: 'string', description: 'Human label, e.g. VIP-A-12.' },
      section: { type: 'string' },
      row: { type: 'string', nullable: true, description: 'null for general admission.' },
      number: { type: 'integer' },
      price_cents: { type: 'integer' },
      status: { type: 'string', enum: SEAT_STATUSES },
    },
  },
  {
    id: '0193a5b2-8d01-7a22-b3c4-5d6e00000001',
    label: 'VIP-A-1',
    section: 'VIP',
    row: 'A',
    number: 1,
    price_cents: 150_000_000,
    status: 'available',
  },
);

export const eventDetailSchema = component(
  'EventDetail',
  {
    type: 'object',
    description: "An event with at most booking's `EVENT_DETAIL_MAX_SEATS` seats (default 5,000), each listed in layout order.",
    required: ['event', 'seats'],
    additionalProperties: false,
    properties: { event: ref(eventSchema), seats: { type: 'array', items: ref(seatSchema) } },
  },
  { event: eventSchema.examples[0], seats: seatSchema.examples },
);

/** An event above booking's EVENT_DETAIL_MAX_SEATS: no list of its seats, their count and where the map is. */
export const largeEventDetailSchema = component(
  'LargeEventDetail',
  {
    type: 'object',
    description:
      "An event with more seats than booking's `EVENT_DETAIL_MAX_SEATS` (default 5,000): its seats are not listed " +
      '(no `seats` property); `seat_map` is where their ids and statuses are, compact.',
    required: ['event', 'seat_count', 'seat_map'],
    additionalProperties: false,
    properties: {
      event: ref(eventSchema),
      seat_count: { type: 'integer', description: 'Seats of the event, none of them listed here.' },
      seat_map: {
        type: 'string',
        description: 'The path of the seat map, `/api/v1/events/{id}/availability`: every seat’s id, label and status.',
      },
    },
  },
  {
    event: {
      ...eventSchema.examples[0],
      capacity: 50_000,
      sections: [{ name: 'Floor', price_cents: 50_000_000, rows: 100, seats_per_row: 500, capacity: 50_000 }],
    },
    seat_count: 50_000,
    seat_map: `/api/v1/events/${eventSchema.examples[0].id}/availability`,
  },
);

export const eventPage = pageOf(eventSchema);
export const eventResponse = dataOf(eventSchema);
/** `{data}` holding one of the two forms; which one is told by `seats` (listed) or `seat_map` (large). */
export const eventDetailResponse = component(
  'EventDetailResponse',
  {
    type: 'object',
    required: ['data'],
    additionalProperties: false,
    // The large form first: a small event fails its `required` at once, before its seats are checked once.
    properties: { data: { oneOf: [ref(largeEventDetailSchema), ref(eventDetailSchema)] } },
  },
  { data: eventDetailSchema.examples[0] },
);

const eventName = singleLineText(1, EVENT_LIMITS.nameLength);
const eventDescription = multiLineText(EVENT_LIMITS.descriptionLength);
const eventLocation = singleLineText(1, EVENT_LIMITS.locationLength);
const sectionsInput = { type: 'array', minItems: 1, maxItems: EVENT_LIMITS.sectionsPerEvent, items: sectionInput } as const;
const startsAt = { ...dateTime, description: 'ISO 8601 with an offset, e.g. 2026-08-01T19:00:00+07:00.' } as const;

export const createEventBody = component(
  'CreateEventRequest',
  {
    type: 'object',
    required: ['name', 'location', 'starts_at', 'sections'],
    additionalProperties: false,
    properties: {
      name: eventName,
      description: eventDescription,
      location: eventLocation,
      starts_at: startsAt,
      currency: { ...currencyCode, description: 'ISO 4217 code in use; catalog has a default.' },
      sections: sectionsInput,
    },
  },
  {
    name: 'Jakarta Jazz Night',
    description: 'An evening of jazz under the stars.',
    location: 'Jakarta International Expo',
    starts_at: '2026-08-01T19:00:00+07:00',
    currency: 'IDR',
    sections: [
      { name: 'VIP', price_cents: 150_000_000, rows: 2, seats_per_row: 4 },
      { name: 'Festival', price_cents: 50_000_000, capacity: 100 },
    ],
  },
);

export const updateEventBody = component(
  'UpdateEventRequest',
  {
    type: 'object',
    minProperties: 1,
    additionalProperties: false,
    properties: {
      name: eventName,
      description: eventDescription,
      location: eventLocation,
      starts_at: startsAt,
      add_sections: {
        ...sectionsInput,
        description: 'Sections to add; existing sections are never changed or removed.',
      },
    },
  },
  { starts_at: '2026-08-01T20:00:00+07:00', add_sections: [{ name: 'Balcony', price_cents: 75_000_000, rows: 1, seats_per_row: 10 }] },
);

/** A section as the request bodies carry it. */
export type SectionInput =
  { name: string; price_cents: number; rows: number; seats_per_row: number } | { name: string; price_cents: number; capacity: number };

export interface CreateEventBody {
  name: string;
  description?: string;
  location: string;
  starts_at: string;
  currency?: string;
  sections: SectionInput[];
}

export interface UpdateEventBody {
  name?: string;
  description?: string;
  location?: string;
  starts_at?: string;
  add_sections?: SectionInput[];
}
