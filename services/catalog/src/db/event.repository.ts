import type { Queryable } from '@ticres/shared';
import type { StoredEvent, StoredStatus } from '../domain/event';
import type { EventQuery } from '../domain/event-query';
import type { Section } from '../domain/section';
import type { StoredEventPage } from '../usecases/ports';
import { containsPattern, LIKE_ESCAPE } from './like-pattern';

/** A section as the `sections` jsonb array holds it: the wire names of the event snapshot. */
interface SectionJson {
  name: string;
  price_cents: number;
  rows: number;
  seats_per_row: number;
  capacity: number;
}

interface EventRow {
  id: string;
  name: string;
  description: string;
  location: string;
  starts_at: Date;
  currency: string;
  status: StoredStatus;
  organizer_id: string;
  sections: SectionJson[];
  capacity: number;
  created_at: Date;
  updated_at: Date;
  cancelled_at: Date | null;
  cancel_reason: string | null;
}

const EVENT_COLUMNS = /* sql */ `
  id, name, description, location, starts_at, currency, status, organizer_id, sections, capacity,
  created_at, updated_at, cancelled_at, cancel_reason`;

const toSectionJson = (section: Section): SectionJson => ({
  name: section.name,
  price_cents: section.priceCents,
  rows: section.rows,
  seats_per_row: section.seatsPerRow,
  capacity: section.capacity,
});

const toSection = (json: SectionJson): Section => ({
  name: json.name,
  priceCents: json.price_cents,
  rows: json.rows,
  seatsPerRow: json.seats_per_row,
  capacity: json.capacity,
});

function toEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    location: row.location,
    startsAt: row.starts_at,
    currency: row.currency,
    status: row.status,
    organizerId: row.organizer_id,
    sections: row.sections.map(toSection),
    capacity: row.capacity,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    cancelledAt: row.cancelled_at ?? undefined,
    cancelReason: row.cancel_reason ?? undefined,
  };
}

/** Numbered parameters for a statement built from optional filters. */
function parameters() {
  const values: unknown[] = [];
  return {
    values,
    /** Adds a value and returns its placeholder. */
    add(value: unknown): string {
      values.push(value);
      return `$${values.length}`;
    },
  };
}

const whereAll = (conditions: string[]) => (conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '');

/** Search and date filters: which events a query is about, whatever their status. */
function scopeConditions(query: EventQuery, params: ReturnType<typeof parameters>): string[] {
  const conditions: string[] = [];
  if (query.search !== undefined) {
    const pattern = params.add(containsPattern(query.search));
    conditions.push(`(name ILIKE ${pattern} ESCAPE '${LIKE_ESCAPE}' OR location ILIKE ${pattern} ESCAPE '${LIKE_ESCAPE}')`);
  }
  if (query.from) conditions.push(`starts_at >= ${params.add(query.from)}`);
  if (query.to) conditions.push(`starts_at <= ${params.add(query.to)}`);
  return conditions;
}

/** The stored form of a derived status, as a condition on a row at the moment `now()` names. */
function statusCondition(status: EventQuery['status'], now: () => string): string {
  switch (status) {
    case 'available':
      return `status = 'available' AND starts_at > ${now()}`;
    case 'completed':
      return `status = 'available' AND starts_at <= ${now()}`;
    case 'cancelled':
      return `status = 'cancelled'`;
    default:
      return 'true';
  }
}

export function createEventRepository(db: Queryable) {
  const selectById = async (id: string, lock: string) => {
    const { rows } = await db.query<EventRow>(/* sql */ `SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1 ${lock}`, [id]);
    return rows[0] && toEvent(rows[0]);
  };

  return {
    async insert(event: StoredEvent): Promise<void> {
      await db.query(
        /* sql */ `
        INSERT INTO events (id, name, description, location, starts_at, currency, status, organizer_id,
                            sections, capacity, created_at, updated_at, cancelled_at, cancel_reason)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          event.id,
          event.name,
          event.description,
          event.location,
          event.startsAt,
          event.currency,
          event.status,
          event.organizerId,
          JSON.stringify(event.sections.map(toSectionJson)),
          event.capacity,
          event.createdAt,
          event.updatedAt,
          event.cancelledAt ?? null,
          event.cancelReason ?? null,
        ],
      );
    },

    findById: (id: string): Promise<StoredEvent | undefined> => selectById(id, ''),

    /** Locks the row until the transaction ends. */
    findByIdForUpdate: (id: string): Promise<StoredEvent | undefined> => selectById(id, 'FOR UPDATE'),

    /** Writes the details, sections and capacity an update may change. */
    async update(event: StoredEvent): Promise<void> {
      await db.query(
        /* sql */ `
        UPDATE events
           SET name = $2, description = $3, location = $4, starts_at = $5, sections = $6, capacity = $7, updated_at = $8
         WHERE id = $1`,
        [
          event.id,
          event.name,
          event.description,
          event.location,
          event.startsAt,
          JSON.stringify(event.sections.map(toSectionJson)),
          event.capacity,
          event.updatedAt,
        ],
      );
    },

    /** Cancels an available event that has not started by `at`; undefined when there was none. */
    async cancelIfUpcoming(id: string, { reason, at }: { reason: string; at: Date }): Promise<StoredEvent | undefined> {
      const { rows } = await db.query<EventRow>(
        /* sql */ `
        UPDATE events
           SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3, updated_at = $2
         WHERE id = $1 AND status = 'available' AND starts_at > $2
        RETURNING ${EVENT_COLUMNS}`,
        [id, at, reason],
      );
      return rows[0] && toEvent(rows[0]);
    },

    /**
     * One page in (starts_at, id) order, the number of matches, and the next start that would
     * change the answer (see StoredEventPage). Statuses are judged at `now`.
     */
    async list(query: EventQuery, now: Date): Promise<StoredEventPage> {
      // Two statements, each with its own numbering: a parameter a statement does not use has no
      // type Postgres can infer.
      const pageParams = parameters();
      const pageScope = scopeConditions(query, pageParams);
      const pageMatches = statusCondition(query.status, () => pageParams.add(now));
      const summaryParams = parameters();
      const summaryScope = scopeConditions(query, summaryParams);
      const at = summaryParams.add(now);
      const summaryMatches = statusCondition(query.status, () => at);

      const [page, summary] = await Promise.all([
        db.query<EventRow>(
          /* sql */ `
          SELECT ${EVENT_COLUMNS} FROM events ${whereAll([...pageScope, pageMatches])}
          ORDER BY starts_at, id
          LIMIT ${pageParams.add(query.limit)} OFFSET ${pageParams.add((query.page - 1) * query.limit)}`,
          pageParams.values,
        ),
        db.query<{ total: number; next_start_at: Date | null }>(
          /* sql */ `
          SELECT count(*) FILTER (WHERE ${summaryMatches})::int AS total,
                 min(starts_at) FILTER (WHERE status = 'available' AND starts_at > ${at}) AS next_start_at
            FROM events ${whereAll(summaryScope)}`,
          summaryParams.values,
        ),
      ]);
      const { total, next_start_at } = summary.rows[0]!;
      return { events: page.rows.map(toEvent), total, nextStartAt: next_start_at ?? undefined };
    },
  };
}

export type EventRepository = ReturnType<typeof createEventRepository>;
