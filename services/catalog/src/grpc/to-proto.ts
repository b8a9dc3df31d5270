import type { catalogV1 } from '@ticres/proto';
import type { CatalogEvent } from '../domain/event';
import type { Section } from '../domain/section';
import type { EventPage } from '../usecases/ports';

export function toProtoSection(section: Section): catalogV1.Section {
  return {
    name: section.name,
    price_cents: section.priceCents,
    rows: section.rows,
    seats_per_row: section.seatsPerRow,
    capacity: section.capacity,
  };
}

export function toProtoEvent(event: CatalogEvent): catalogV1.Event {
  return {
    id: event.id,
    name: event.name,
    description: event.description,
    location: event.location,
    starts_at: event.startsAt.toISOString(),
    currency: event.currency,
    status: event.status,
    organizer_id: event.organizerId,
    capacity: event.capacity,
    sections: event.sections.map(toProtoSection),
    created_at: event.createdAt.toISOString(),
    updated_at: event.updatedAt.toISOString(),
  };
}

export function toProtoPage(page: EventPage): catalogV1.EventPage {
  return { events: page.events.map(toProtoEvent), total: page.total, page: page.page, limit: page.limit };
}
