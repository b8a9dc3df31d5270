import type { Queryable } from '@ticres/shared';
import type { BookableEvent } from '../domain/event';
import type { EventSnapshotRecord } from '../usecases/apply-event-snapshot';
import type { EventSummary } from '../usecases/booking-events';
import type { HoldCounting } from '../domain/hold-limits';

interface EventRow {
  id: string;
  name: string | null;
  status: string;
  starts_at: Date | null;
  currency: string | null;
  db_now: Date;
}

/** The `events` projection: what booking knows of catalog's events. */
export function createEventRepository(db: Queryable) {
  return {
    /**
     * The event with the database's clock, once the person's holds (on every event) and, when
     * given, the client address's holds on this event are serialised: advisory locks until the
     * transaction ends, taken in that order by every hold. The row itself is not locked: thousands
     * of holds read it at once. A cancellation committing meanwhile is caught by the seats (see
     * cancel-event-bookings).
     */
    async findForHold(id: string, { userId, clientAddress }: HoldCounting): Promise<(BookableEvent & { name: string | null; now: Date }) | undefined> {
      const { rows } = await db.query<EventRow>(
        /* sql */ `
        SELECT id, name, status, starts_at, currency, now() AS db_now,
          pg_advisory_xact_lock(hashtextextended($2, 0)),
          CASE WHEN $3::text IS NULL THEN NULL ELSE pg_advisory_xact_lock(hashtextextended($3, 0)) END
        FROM events WHERE id = $1`,
        [id, `booking.hold:${userId}`, clientAddress === undefined ? null : `booking.hold-address:${clientAddress}:${id}`],
      );
      const row = rows[0];
      return row && { id: row.id, name: row.name, status: row.status, startsAt: row.starts_at, currency: row.currency, now: row.db_now };
    },

    /**
     * How many seats the event has, counted over the `seats_in_layout_order` index without
     * reading a seat; undefined when booking does not know the event.
     */
    async seatCountOf(id: string): Promise<number | undefined> {
      const { rows } = await db.query<{ seats: number }>(
        /* sql */ `SELECT (SELECT count(*)::int FROM seats WHERE event_id = e.id) AS seats FROM events e WHERE e.id = $1`,
        [id],
      );
      return rows[0]?.seats;
    },

    /**
     * The event's status, the row locked in share mode until the transaction ends as a hold locks
     * it: a payment or refund applied now and the event's cancellation happen one after the other,
     * never interleaved. Undefined when booking has never heard of the event.
     */
    async lockStatus(id: string): Promise<string | undefined> {
      const { rows } = await db.query<{ status: string }>(/* sql */ `SELECT status FROM events WHERE id = $1 FOR SHARE`, [id]);
      return rows[0]?.status;
    },

    async summariesOf(ids: readonly string[]): Promise<Map<string, EventSummary>> {
      const { rows } = await db.query<{ id: string; name: string; starts_at: Date }>(
        /* sql */ `SELECT id, name, starts_at FROM events WHERE id = ANY($1::uuid[]) AND snapshot_at IS NOT NULL`,
        [ids],
      );
      return new Map(rows.map((row) => [row.id, { name: row.name, startsAt: row.starts_at }]));
    },

    /**
     * Inserts or refreshes the projection unless a newer snapshot was applied already; a
     * cancellation is final and survives any snapshot. Returns the event's status afterwards.
     */
    async upsertSnapshot(event: EventSnapshotRecord): Promise<string> {
      const { rows } = await db.query<{ status: string }>(
        /* sql */ `
        INSERT INTO events (id, name, status, starts_at, currency, organizer_id, snapshot_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, now())
        ON CONFLICT (id) DO UPDATE SET
          name = EXCLUDED.name,
          starts_at = EXCLUDED.starts_at,
          currency = EXCLUDED.currency,
          organizer_id = EXCLUDED.organizer_id,
          status = CASE WHEN events.status = 'cancelled' THEN 'cancelled' ELSE EXCLUDED.status END,
          snapshot_at = EXCLUDED.snapshot_at,
          updated_at = now()
        WHERE events.snapshot_at IS NULL OR events.snapshot_at <= EXCLUDED.snapshot_at
        RETURNING status`,
        [event.id, event.name, event.status, event.startsAt, event.currency, event.organizerId, event.snapshotAt],
      );
      if (rows[0]) return rows[0].status;
      const current = await db.query<{ status: string }>(/* sql */ `SELECT status FROM events WHERE id = $1`, [event.id]);
      return current.rows[0]!.status;
    },

    /** Marks the event cancelled, creating a bare row if no snapshot of it has arrived yet. */
    async markCancelled(id: string): Promise<void> {
      await db.query(
        /* sql */ `
        INSERT INTO events (id, status, updated_at) VALUES ($1, 'cancelled', now())
        ON CONFLICT (id) DO UPDATE SET status = 'cancelled', updated_at = now()`,
        [id],
      );
    },
  };
}

export type EventRepository = ReturnType<typeof createEventRepository>;
