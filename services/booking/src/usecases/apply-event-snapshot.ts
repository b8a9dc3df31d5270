import type { EventSnapshot } from '@ticres/shared';
import { planSeats, type PlannedSeat, type SectionPlan } from '../domain/seat-layout';

/** A snapshot of an event from catalog, as the projection stores it. */
export interface EventSnapshotRecord {
  id: string;
  name: string;
  status: string;
  startsAt: Date;
  currency: string;
  organizerId: string;
  /** occurred_at of the message: a snapshot older than the one applied changes nothing. */
  snapshotAt: Date;
}

export interface SnapshotStore {
  events: {
    /** Applies the snapshot unless a newer one was; returns the event's status afterwards. */
    upsertSnapshot(event: EventSnapshotRecord): Promise<string>;
  };
  seats: {
    sectionsOf(eventId: string): Promise<Set<string>>;
    /** Idempotent: a seat whose label the event has already is left alone. */
    insertMissing(eventId: string, seats: readonly PlannedSeat[], status: 'available' | 'void'): Promise<number>;
  };
}

export interface SnapshotOutcome {
  seatsAdded: number;
  /** Labels two sections would share; the later seats were left out (see planSeats). */
  duplicateLabels: string[];
}

/** Applies `event.created` / `event.updated` inside the consumer's transaction. */
export type ApplyEventSnapshot = (store: SnapshotStore, snapshot: EventSnapshot, occurredAt: Date) => Promise<SnapshotOutcome>;

const toSectionPlan = (section: EventSnapshot['sections'][number]): SectionPlan => ({
  name: section.name,
  priceCents: section.price_cents,
  rows: section.rows,
  seatsPerRow: section.seats_per_row,
  capacity: section.capacity,
});

/**
 * Keeps the event projection and materializes one seat per place of every section the event has
 * no seats of yet (sections are only ever added). Applying the same snapshot twice, or an older
 * one after a newer, changes nothing. Seats of a cancelled event are created void.
 */
export function createApplyEventSnapshot(): ApplyEventSnapshot {
  return async ({ events, seats }, snapshot, occurredAt) => {
    const status = await events.upsertSnapshot({
      id: snapshot.event_id,
      name: snapshot.name,
      status: snapshot.status,
      startsAt: new Date(snapshot.starts_at),
      currency: snapshot.currency,
      organizerId: snapshot.organizer_id,
      snapshotAt: occurredAt,
    });
    const plan = planSeats(snapshot.sections.map(toSectionPlan));
    const existing = await seats.sectionsOf(snapshot.event_id);
    const missing = plan.seats.filter((seat) => !existing.has(seat.section));
    const seatsAdded =
      missing.length === 0 ? 0 : await seats.insertMissing(snapshot.event_id, missing, status === 'cancelled' ? 'void' : 'available');
    return { seatsAdded, duplicateLabels: plan.duplicateLabels };
  };
}
