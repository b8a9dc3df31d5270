import { component, dataOf } from '../http/components';
import { uuidSchema } from '../http/schemas';

/**
 * The compact seat map of `GET /events/{id}/availability`. Designed so that a 50,000-seat event
 * is one ~50 KB JSON document (a few KB compressed) from which a client derives every seat's
 * label, id and status without a list of 50,000 objects.
 */
const sectionAvailabilitySchema = {
  type: 'object',
  required: ['name', 'price_cents', 'capacity', 'seat_id_prefix', 'available', 'statuses'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    price_cents: { type: 'integer', description: 'Price of each seat of the section, in minor units of `currency`.' },
    rows: { type: 'integer', description: 'Seated sections only: rows, named A, B, ..., Z, AA, AB, ...' },
    seats_per_row: { type: 'integer', description: 'Seated sections only: seats in each row, numbered from 1.' },
    capacity: { type: 'integer', description: 'Places in the section: `rows x seats_per_row` when seated; the length of `statuses`.' },
    seat_id_prefix: {
      type: 'string',
      nullable: true,
      description:
        'The id of the seat at ordinal n (1-based, row-major) is this prefix followed by n as 8 lowercase hex ' +
        'digits, e.g. ordinal 300 -> `<prefix>0000012c`. null for a section whose seats were created before ' +
        'this format (take their ids from GET /events/{id} up to the `EVENT_DETAIL_MAX_SEATS` of booking, default 5,000; in a larger event hold by `quantity`).',
    },
    available: { type: 'integer', description: 'Places of the section whose seat is available now.' },
    statuses: {
      type: 'string',
      pattern: '^[ahsv-]*$',
      description:
        'One character per place in layout order (ordinal 1 first, row by row): `a` available, `h` held, ' +
        '`s` sold, `v` void (event cancelled), `-` no seat at this place. Row r (0-based) of a seated ' +
        'section is `statuses.slice(r * seats_per_row, (r + 1) * seats_per_row)`.',
    },
  },
} as const;

const availabilityShape = {
  type: 'object',
  required: ['event_id', 'currency', 'sections'],
  additionalProperties: false,
  properties: {
    event_id: uuidSchema,
    currency: { type: 'string', nullable: true, description: 'ISO 4217 code of the prices; null while unknown.' },
    sections: { type: 'array', items: sectionAvailabilitySchema, description: 'In layout order.' },
  },
} as const;

/** A 2 x 4 seated section (A-1 held, B-3 sold) and a standing one (place 2 sold), as sent. */
const availabilityExample = {
  event_id: '01924f6e-7c3a-7b8e-9f10-3c4d5e6f7a8b',
  currency: 'IDR',
  sections: [
    {
      name: 'VIP',
      price_cents: 150_000_000,
      rows: 2,
      seats_per_row: 4,
      capacity: 8,
      seat_id_prefix: '01924f6e-8d01-7a22-b3c4-5d6e',
      available: 6,
      statuses: 'haaaaasa',
    },
    { name: 'Festival', price_cents: 50_000_000, capacity: 5, seat_id_prefix: '01924f6e-8d01-7a23-8e7f-9a0b', available: 4, statuses: 'asaaa' },
  ],
} as const;

export const availabilitySchema = component('EventAvailability', availabilityShape, availabilityExample);
export const availabilityResponse = dataOf(availabilitySchema);
