import { newId, type Queryable } from '@ticres/shared';
import { isSeated, labelsMayClash, placesOf, rowLabels, SEAT_ORDINAL_HEX_DIGITS, type PositionedSection } from '../domain/seat-layout';

export interface MaterializeOutcome {
  /** Seats the added sections have places for. */
  seatsPlanned: number;
  /** Seats inserted: fewer than planned when a label was the event's already. */
  seatsAdded: number;
}

/** A fresh UUIDv7 cut before its last 8 hex digits, which count the section's seats. */
const newSeatIdPrefix = () => newId().slice(0, 36 - SEAT_ORDINAL_HEX_DIGITS);

/**
 * One section's seats, generated from its layout row by row: the id is the section's prefix and
 * the ordinal in hex, the label `<section>-<row>-<n>` or `<section>-<n>`. `$3` lists the row names.
 */
const insertSectionSeats = (onLabelClash: string) => /* sql */ `
  INSERT INTO seats (id, event_id, label, section, section_position, "row", number, ordinal, price_cents, status)
  SELECT (s.seat_id_prefix || lpad(to_hex(p.ordinal), ${SEAT_ORDINAL_HEX_DIGITS}, '0'))::uuid, s.event_id,
         s.name || '-' || coalesce(p.row || '-', '') || p.number, s.name, s.position, p.row, p.number, p.ordinal, s.price_cents, $4
  FROM sections s
  CROSS JOIN LATERAL (
    SELECT g AS ordinal,
           CASE WHEN s.seats_per_row = 0 THEN NULL ELSE ($3::text[])[(g - 1) / s.seats_per_row + 1] END AS row,
           CASE WHEN s.seats_per_row = 0 THEN g ELSE (g - 1) % s.seats_per_row + 1 END AS number
    FROM generate_series(1, s.capacity) AS g
  ) AS p
  WHERE s.event_id = $1 AND s.name = $2
  ${onLabelClash}`;

const INSERT_SEATS = insertSectionSeats('');
const INSERT_SEATS_SKIPPING_TAKEN_LABELS = insertSectionSeats('ON CONFLICT (event_id, label) DO NOTHING');

/**
 * The sections booking materialized per event, and their seats. Seats are generated in Postgres
 * from the layout (generate_series): nothing per seat crosses the wire, and they arrive in layout
 * order, which is also the order of their ids.
 */
export function createSectionRepository(db: Queryable) {
  return {
    /**
     * Records the sections the event lacks (by name; sections are only ever added) and inserts one
     * seat per place of each, in `status`. A section the event has already, and a seat whose label
     * the event has already, are left alone, so applying the same layout again adds nothing.
     */
    async materializeMissing(eventId: string, sections: readonly PositionedSection[], status: 'available' | 'void'): Promise<MaterializeOutcome> {
      if (sections.length === 0) return { seatsPlanned: 0, seatsAdded: 0 };
      const seated = sections.map(isSeated);
      const { rows: added } = await db.query<{ name: string; capacity: number; rows: number }>(
        /* sql */ `
        INSERT INTO sections (event_id, name, position, price_cents, "rows", seats_per_row, capacity, seat_id_prefix)
        SELECT $1, s.name, s.position, s.price_cents, s.rows, s.seats_per_row, s.capacity, s.seat_id_prefix
        FROM unnest($2::text[], $3::int[], $4::bigint[], $5::int[], $6::int[], $7::int[], $8::text[])
          AS s (name, position, price_cents, rows, seats_per_row, capacity, seat_id_prefix)
        ON CONFLICT (event_id, name) DO NOTHING
        RETURNING name, capacity, "rows"`,
        [
          eventId,
          sections.map((s) => s.name),
          sections.map((s) => s.position),
          sections.map((s) => s.priceCents),
          sections.map((s, i) => (seated[i] ? s.rows : 0)),
          sections.map((s, i) => (seated[i] ? s.seatsPerRow : 0)),
          sections.map(placesOf),
          sections.map(newSeatIdPrefix),
        ],
      );
      const seatsPlanned = added.reduce((sum, section) => sum + section.capacity, 0);
      if (seatsPlanned === 0) return { seatsPlanned, seatsAdded: 0 };

      // Skipping taken labels costs each seat a speculative insertion (a fifth of the statement's
      // time); it is needed only when section names make a clash possible at all.
      const { rows: names } = await db.query<{ name: string }>(/* sql */ `SELECT name FROM sections WHERE event_id = $1`, [eventId]);
      const insertSeats = labelsMayClash(names.map((row) => row.name)) ? INSERT_SEATS_SKIPPING_TAKEN_LABELS : INSERT_SEATS;
      const rowNames = rowLabels(Math.max(...added.map((section) => section.rows)));
      // Section by section in layout order: of two places with one label, the earlier section's keeps it.
      const inLayoutOrder = sections.filter((section) => added.some((a) => a.name === section.name));
      let seatsAdded = 0;
      for (const section of inLayoutOrder) {
        const { rowCount } = await db.query(insertSeats, [eventId, section.name, rowNames, status]);
        seatsAdded += rowCount ?? 0;
      }
      return { seatsPlanned, seatsAdded };
    },
  };
}

export type SectionRepository = ReturnType<typeof createSectionRepository>;
