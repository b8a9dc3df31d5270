import type { catalogV1 } from '@ticres/proto';
import type { SectionInput } from './event.schemas';

/** A request's section as catalog's message: the form it was not sent in is zero, as proto3 has it. */
export const toProtoSection = (section: SectionInput): catalogV1.Section =>
  'capacity' in section
    ? { name: section.name, price_cents: section.price_cents, rows: 0, seats_per_row: 0, capacity: section.capacity }
    : {
        name: section.name,
        price_cents: section.price_cents,
        rows: section.rows,
        seats_per_row: section.seats_per_row,
        capacity: 0,
      };
