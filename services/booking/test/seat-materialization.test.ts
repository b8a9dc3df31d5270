import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newId, runMigrations } from '@ticres/shared';
import { createServiceTestDatabase } from '@ticres/shared/testing';
import type { BookingComponents } from '../src/compose';
import { BOOKING_SCHEMA, MIGRATIONS_DIRECTORY } from '../src/db/migrations';
import {
  composeForTest,
  createBookingTestDatabase,
  createEvent,
  deliver,
  envelopeOf,
  generalAdmission,
  seated,
  seatStatusCounts,
  type BookingTestDatabase,
} from './support/booking-database';

interface SectionSummary {
  section: string;
  section_position: number;
  seats: number;
  labels: number;
  /** Seats whose id is not the section's seat_id_prefix followed by the ordinal in 8 hex digits. */
  ids_off_layout: number;
  max_ordinal: number;
  price_cents: string;
}

/** Per section: counts and how many ids do not follow from the layout. */
async function sectionSummaries(db: BookingTestDatabase, eventId: string): Promise<SectionSummary[]> {
  const { rows } = await db.pool.query<SectionSummary>(
    /* sql */ `
    SELECT s.section, s.section_position, count(*)::int AS seats, count(DISTINCT s.label)::int AS labels,
           count(*) FILTER (WHERE s.id::text <> l.seat_id_prefix || lpad(to_hex(s.ordinal), 8, '0'))::int AS ids_off_layout,
           max(s.ordinal) AS max_ordinal, min(s.price_cents)::text AS price_cents
    FROM seats s JOIN sections l ON l.event_id = s.event_id AND l.name = s.section
    WHERE s.event_id = $1
    GROUP BY s.section, s.section_position ORDER BY s.section_position`,
    [eventId],
  );
  return rows;
}

/** A fingerprint of every seat of the event (id, label, place), to show nothing changed. */
async function seatsFingerprint(db: BookingTestDatabase, eventId: string): Promise<string> {
  const { rows } = await db.pool.query<{ fingerprint: string; n: number }>(
    /* sql */ `
    SELECT md5(string_agg(id::text || label || section_position || ordinal || coalesce("row", '') || number, ',' ORDER BY section_position, ordinal)) AS fingerprint,
           count(*)::int AS n
    FROM seats WHERE event_id = $1`,
    [eventId],
  );
  return `${rows[0]!.n}:${rows[0]!.fingerprint}`;
}

async function seatAt(db: BookingTestDatabase, eventId: string, label: string) {
  const { rows } = await db.pool.query(
    /* sql */ `SELECT section, section_position, "row", number, ordinal, price_cents::int AS price_cents, status FROM seats WHERE event_id = $1 AND label = $2`,
    [eventId, label],
  );
  return rows[0];
}

describe('materializing a stadium from its layout', () => {
  let db: BookingTestDatabase;
  let booking: BookingComponents;

  beforeAll(async () => {
    db = await createBookingTestDatabase({ poolSize: 4 });
    booking = composeForTest(db.pool);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('creates one seat per place of a 50,000-seat layout, each with its label, place, price and an id that follows from the layout', async () => {
    const event = await createEvent(db.pool, booking, [seated('Floor', 100, 500, 20_000), generalAdmission('Lawn', 1_000, 5_000)]);

    expect(await sectionSummaries(db, event.event_id)).toEqual([
      { section: 'Floor', section_position: 0, seats: 50_000, labels: 50_000, ids_off_layout: 0, max_ordinal: 50_000, price_cents: '20000' },
      { section: 'Lawn', section_position: 1, seats: 1_000, labels: 1_000, ids_off_layout: 0, max_ordinal: 1_000, price_cents: '5000' },
    ]);
    expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ available: 51_000 });
    expect(await seatAt(db, event.event_id, 'Floor-A-1')).toEqual({
      section: 'Floor',
      section_position: 0,
      row: 'A',
      number: 1,
      ordinal: 1,
      price_cents: 20_000,
      status: 'available',
    });
    // Row 100 is CV (A..Z, AA..AZ, BA..BZ, CA..CV); its last seat is the section's last ordinal.
    expect(await seatAt(db, event.event_id, 'Floor-CV-500')).toMatchObject({ row: 'CV', number: 500, ordinal: 50_000 });
    expect(await seatAt(db, event.event_id, 'Floor-B-7')).toMatchObject({ row: 'B', number: 7, ordinal: 507 });
    expect(await seatAt(db, event.event_id, 'Lawn-1000')).toMatchObject({ section_position: 1, row: null, number: 1_000, ordinal: 1_000 });
    const layout = await db.pool.query(
      /* sql */ `SELECT name, position, price_cents::int AS price_cents, "rows", seats_per_row, capacity FROM sections WHERE event_id = $1 ORDER BY position`,
      [event.event_id],
    );
    expect(layout.rows).toEqual([
      { name: 'Floor', position: 0, price_cents: 20_000, rows: 100, seats_per_row: 500, capacity: 50_000 },
      { name: 'Lawn', position: 1, price_cents: 5_000, rows: 0, seats_per_row: 0, capacity: 1_000 },
    ]);
  });

  it('adds nothing when the same layout arrives again, as event.created or event.updated', async () => {
    const event = await createEvent(db.pool, booking, [seated('Floor', 100, 500)]);
    const before = await seatsFingerprint(db, event.event_id);

    await deliver(db.pool, booking, envelopeOf('event.created', event));
    await deliver(db.pool, booking, envelopeOf('event.updated', { ...event, name: 'Same seats' }));

    expect(await seatsFingerprint(db, event.event_id)).toBe(before);
    expect(before.startsWith('50000:')).toBe(true);
  });

  it('adds the seats of a section added by event.updated after the existing ones, with ids of their own', async () => {
    const event = await createEvent(db.pool, booking, [seated('Floor', 100, 500)]);
    const held = await booking.holdSeats(
      { userId: newId(), role: 'customer' },
      { eventId: event.event_id, seatIds: [], quantity: 3, section: 'Floor', idempotencyKey: '' },
    );

    await deliver(db.pool, booking, envelopeOf('event.updated', { ...event, sections: [...event.sections, seated('Upper', 20, 100, 7_000)] }));

    const summaries = await sectionSummaries(db, event.event_id);
    expect(summaries.map(({ section, section_position, seats, ids_off_layout }) => ({ section, section_position, seats, ids_off_layout }))).toEqual([
      { section: 'Floor', section_position: 0, seats: 50_000, ids_off_layout: 0 },
      { section: 'Upper', section_position: 1, seats: 2_000, ids_off_layout: 0 },
    ]);
    expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ available: 51_997, held: 3 });
    expect(held.seats.map((seat) => seat.label)).toEqual(['Floor-A-1', 'Floor-A-2', 'Floor-A-3']);
    const prefixes = await db.pool.query(/* sql */ `SELECT count(DISTINCT seat_id_prefix)::int AS n FROM sections WHERE event_id = $1`, [event.event_id]);
    expect(prefixes.rows[0]).toEqual({ n: 2 });
  });

  it('creates the seats of an event that is cancelled already as void', async () => {
    const event = await createEvent(db.pool, booking, [generalAdmission('Floor', 10)], { status: 'cancelled' });
    expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ void: 10 });
  });
});

describe('migration 0004 on seats materialized before it', () => {
  let db: BookingTestDatabase;
  let earlier: string;

  beforeAll(async () => {
    db = await createServiceTestDatabase({ service: 'booking', schema: BOOKING_SCHEMA, directory: MIGRATIONS_DIRECTORY, migrate: false, poolSize: 2 });
    // Migrated up to 0003 only, from a folder holding just those files.
    earlier = await mkdtemp(path.join(tmpdir(), 'booking-migrations-'));
    for (const file of (await readdir(MIGRATIONS_DIRECTORY)).filter((name) => name < '0004')) {
      await copyFile(path.join(MIGRATIONS_DIRECTORY, file), path.join(earlier, file));
    }
    await runMigrations(db.pool, { schema: BOOKING_SCHEMA, directory: earlier });
  });

  afterAll(async () => {
    await db.drop();
    await rm(earlier, { recursive: true, force: true });
  });

  it('reads each section layout back from the seats, without seat id prefixes', async () => {
    const eventId = newId();
    await db.pool.query(/* sql */ `INSERT INTO events (id, status) VALUES ($1, 'available')`, [eventId]);
    // A 2 x 3 seated section and a general-admission one, as the batch insert wrote them.
    await db.pool.query(
      /* sql */ `
      INSERT INTO seats (id, event_id, label, section, section_position, "row", number, ordinal, price_cents)
      SELECT gen_random_uuid(), $1::uuid, 'VIP-' || r || '-' || n, 'VIP', 0, r, n, (ascii(r) - 65) * 3 + n, 900
      FROM unnest(ARRAY['A', 'B']) AS r, generate_series(1, 3) AS n
      UNION ALL
      SELECT gen_random_uuid(), $1::uuid, 'FLOOR-' || n, 'FLOOR', 1, NULL, n, n, 100 FROM generate_series(1, 4) AS n`,
      [eventId],
    );

    await runMigrations(db.pool, { schema: BOOKING_SCHEMA, directory: MIGRATIONS_DIRECTORY });

    const { rows } = await db.pool.query(
      /* sql */ `
      SELECT name, position, price_cents::int AS price_cents, "rows", seats_per_row, capacity, seat_id_prefix
      FROM sections WHERE event_id = $1 ORDER BY position`,
      [eventId],
    );
    expect(rows).toEqual([
      { name: 'VIP', position: 0, price_cents: 900, rows: 2, seats_per_row: 3, capacity: 6, seat_id_prefix: null },
      { name: 'FLOOR', position: 1, price_cents: 100, rows: 0, seats_per_row: 0, capacity: 4, seat_id_prefix: null },
    ]);
  });
});
