import { PermanentMessageError, type EventSnapshot } from '@ticres/shared';
import { assertSeatCount, planSeats, type PositionedSection } from '../domain/seat-layout';

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
  sections: {
    /**
     * Idempotent: adds the sections the event lacks (by name) with one seat per place each, in
     * layout order; a seat whose label the event has already is left out.
     */
    materializeMissing(
      eventId: string,
      sections: readonly PositionedSection[],
      status: 'available' | 'void',
    ): Promise<{ seatsPlanned: number; seatsAdded: number }>;
  };
}

export interface SnapshotOutcome {
  seatsAdded: number;
  /** Labels two sections would share; the later seats were left out (see planSeats). */
  duplicateLabels: string[];
}

/** Applies `event.created` / `event.updated` inside the consumer's transaction. */
export type ApplyEventSnapshot = (store: SnapshotStore, snapshot: EventSnapshot, occurredAt: Date) => Promise<SnapshotOutcome>;

const toSectionPlan = (section: EventSnapshot['sections'][number], position: number): PositionedSection => ({
  position,
  name: section.name,
  priceCents: section.price_cents,
  rows: section.rows,
  seatsPerRow: section.seats_per_row,
  capacity: section.capacity,
});

/**
 * Keeps the event projection and materializes one seat per place of every section the event does
 * not have yet (sections are only ever added). Applying the same snapshot twice, or an older one
 * after a newer, changes nothing. Seats of a cancelled event are created void.
 */
export function createApplyEventSnapshot(): ApplyEventSnapshot {
  return async ({ events, sections }, snapshot, occurredAt) => {
    const status = await events.upsertSnapshot({
      id: snapshot.event_id,
      name: snapshot.name,
      status: snapshot.status,
      startsAt: new Date(snapshot.starts_at),
      currency: snapshot.currency,
      organizerId: snapshot.organizer_id,
      snapshotAt: occurredAt,
    });
    const layout = snapshot.sections.map(toSectionPlan);
    try {
      assertSeatCount(layout);
    } catch (error) {
      // Catalog never publishes such a layout; the same snapshot would be refused on every retry.
      throw new PermanentMessageError(`event ${snapshot.event_id} has a layout booking cannot materialize`, { cause: error });
    }
    const { seatsPlanned, seatsAdded } = await sections.materializeMissing(snapshot.event_id, layout, status === 'cancelled' ? 'void' : 'available');
    // Only a label clash leaves planned seats out; planning every seat to name them is the rare path.
    const duplicateLabels = seatsAdded < seatsPlanned ? planSeats(layout).duplicateLabels : [];
    return { seatsAdded, duplicateLabels };
  };
}
