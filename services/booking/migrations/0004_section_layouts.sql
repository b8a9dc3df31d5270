-- Each event's sections as booking materialized them, so seats are generated from the layout in
-- one statement and a seat map can be sent as layout + one status per seat. Runs with
-- search_path = booking.
CREATE TABLE sections (
  event_id         uuid NOT NULL,
  name             text NOT NULL,
  -- The section's place in the event's layout (seats.section_position).
  position         integer NOT NULL CHECK (position >= 0),
  price_cents      bigint NOT NULL CHECK (price_cents >= 0),
  -- Seated: rows x seats_per_row places; general admission: rows = seats_per_row = 0.
  "rows"           integer NOT NULL CHECK ("rows" >= 0),
  seats_per_row    integer NOT NULL CHECK (seats_per_row >= 0),
  -- Places in the layout: ordinals 1..capacity (row-major when seated).
  capacity         integer NOT NULL CHECK (capacity >= 0),
  -- The seat at ordinal n has id seat_id_prefix || n as 8 hex digits (a UUIDv7 whose last bits
  -- count the seats), so clients derive ids from the layout. NULL for sections materialized
  -- before this migration: their seats have random ids.
  seat_id_prefix   text CHECK (seat_id_prefix ~ '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{4}$'),
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, name),
  CHECK (("rows" = 0) = (seats_per_row = 0)),
  CHECK ("rows" = 0 OR capacity = "rows" * seats_per_row)
);

-- The sections of the events materialized so far, read back from their seats: a seated section's
-- seats per row is its longest row, its rows as many as its last ordinal fills.
INSERT INTO sections (event_id, name, position, price_cents, "rows", seats_per_row, capacity)
SELECT event_id, section, min(section_position), max(price_cents),
       CASE WHEN bool_and("row" IS NOT NULL) THEN ceil(max(ordinal)::numeric / max(number))::int ELSE 0 END,
       CASE WHEN bool_and("row" IS NOT NULL) THEN max(number) ELSE 0 END,
       CASE WHEN bool_and("row" IS NOT NULL) THEN ceil(max(ordinal)::numeric / max(number))::int * max(number) ELSE max(ordinal) END
FROM seats
GROUP BY event_id, section;

-- Seats are inserted only by the materialization, right after it upserted their event in the same
-- transaction, and events are never deleted: the key's per-row check (a FOR KEY SHARE on the event
-- for each of 50,000 seats) guarded nothing.
ALTER TABLE seats DROP CONSTRAINT seats_event_id_fkey;
