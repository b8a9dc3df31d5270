import type { EventSnapshot, SectionLayout } from '@ticres/shared';
import type { CatalogEvent } from '../domain/event';
import type { Section } from '../domain/section';

const toLayout = (section: Section): SectionLayout => ({
  name: section.name,
  price_cents: section.priceCents,
  rows: section.rows,
  seats_per_row: section.seatsPerRow,
  capacity: section.capacity,
});

/** `data` of event.created and event.updated: the event as it now is, with every section. */
export function toEventSnapshot(event: CatalogEvent): EventSnapshot {
  return {
    event_id: event.id,
    name: event.name,
    starts_at: event.startsAt.toISOString(),
    currency: event.currency,
    status: event.status,
    organizer_id: event.organizerId,
    sections: event.sections.map(toLayout),
  };
}
