import type { catalogV1 } from '@ticres/proto';
import type { EventChangesInput } from '../domain/event-changes';
import type { SectionInput } from '../domain/section';

/** proto3 cannot tell 0 from absent: a zero layout number means "not given". */
const given = (value: number): number | undefined => (value === 0 ? undefined : value);

export function fromProtoSection(section: catalogV1.Section__Output): SectionInput {
  return {
    name: section.name,
    priceCents: section.price_cents,
    rows: given(section.rows),
    seatsPerRow: given(section.seats_per_row),
    capacity: given(section.capacity),
  };
}

/** An `optional` field is present exactly when the loader set its synthetic `_field` oneof. */
const ifPresent = (request: catalogV1.UpdateEventRequest__Output, field: 'name' | 'description' | 'location' | 'starts_at') =>
  request[`_${field}`] === field ? request[field] : undefined;

export function fromProtoChanges(request: catalogV1.UpdateEventRequest__Output): EventChangesInput {
  return {
    id: request.id,
    name: ifPresent(request, 'name'),
    description: ifPresent(request, 'description'),
    location: ifPresent(request, 'location'),
    startsAt: ifPresent(request, 'starts_at'),
    addSections: request.add_sections.map(fromProtoSection),
  };
}
