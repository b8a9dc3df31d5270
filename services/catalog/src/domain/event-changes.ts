import { isUuid, validationError, type FieldError } from '@ticres/shared';
import type { StoredEvent } from './event';
import { parseStartsAt, parseText } from './event-details';
import { parseSections, totalCapacity, type Section, type SectionInput } from './section';

/** An update as asked for: absent fields stay as they are; sections are only ever added. */
export interface EventChangesInput {
  id: string;
  name?: string | undefined;
  description?: string | undefined;
  location?: string | undefined;
  startsAt?: string | undefined;
  addSections: SectionInput[];
}

/** An update whose fields are each valid on their own. */
export interface EventChanges {
  id: string;
  name?: string;
  description?: string;
  location?: string;
  startsAt?: Date;
  addSections: SectionInput[];
}

/**
 * Checks the id and each given field by the rules of a new event (a new start must still lie in
 * the future), and the added sections among themselves. Throws VALIDATION_FAILED listing every
 * bad field. Whether the sections fit the event is `applyEventChanges`' question.
 */
export function parseEventChanges(input: EventChangesInput, now: Date): EventChanges {
  const problems: FieldError[] = [];
  if (!isUuid(input.id)) problems.push({ field: 'id', message: 'must be a UUID' });
  const changes: EventChanges = { id: input.id.toLowerCase(), addSections: input.addSections };
  if (input.name !== undefined) changes.name = parseText('name', input.name, problems);
  if (input.description !== undefined) changes.description = parseText('description', input.description, problems);
  if (input.location !== undefined) changes.location = parseText('location', input.location, problems);
  if (input.startsAt !== undefined) {
    const startsAt = parseStartsAt(input.startsAt, now, problems);
    if (startsAt) changes.startsAt = startsAt;
  }
  parseSections({ field: 'add_sections', inputs: input.addSections, min: 0 }, problems);
  if (problems.length > 0) throw validationError(problems);
  return changes;
}

/** True when the update asks for nothing: the event is returned as it is and nothing is emitted. */
export function isEmptyChange(changes: EventChanges): boolean {
  const { name, description, location, startsAt, addSections } = changes;
  return [name, description, location, startsAt].every((value) => value === undefined) && addSections.length === 0;
}

/**
 * The event with the changes applied at `now`. Added sections must not share a name with the
 * existing ones and must keep the event within its section and seat limits (VALIDATION_FAILED).
 */
export function applyEventChanges(event: StoredEvent, changes: EventChanges, now: Date): StoredEvent {
  const problems: FieldError[] = [];
  const added = parseSections({ field: 'add_sections', inputs: changes.addSections, existing: event.sections, min: 0 }, problems);
  if (problems.length > 0) throw validationError(problems);
  const sections: Section[] = [...event.sections, ...added];
  return {
    ...event,
    name: changes.name ?? event.name,
    description: changes.description ?? event.description,
    location: changes.location ?? event.location,
    startsAt: changes.startsAt ?? event.startsAt,
    sections,
    capacity: totalCapacity(sections),
    updatedAt: now,
  };
}
