-- Events with their seat layout, and the outbox of the events catalog publishes.
-- Runs with search_path = catalog.

CREATE TABLE events (
  id            uuid PRIMARY KEY,
  name          text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  description   text NOT NULL DEFAULT '' CHECK (char_length(description) <= 5000),
  location      text NOT NULL CHECK (char_length(location) BETWEEN 1 AND 200),
  starts_at     timestamptz NOT NULL,
  currency      char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- `completed` is derived (available and started), never stored.
  status        text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'cancelled')),
  organizer_id  uuid NOT NULL,
  -- [{name, price_cents, rows, seats_per_row, capacity}], in the order they were added; sections
  -- are only ever appended, so booking can materialise seats idempotently.
  sections      jsonb NOT NULL,
  capacity      integer NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  cancelled_at  timestamptz,
  cancel_reason text,
  CONSTRAINT events_cancellation_check
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL)),
  -- A section-less or over-full event would give booking nothing (or too much) to materialise.
  CONSTRAINT events_sections_check
    CHECK (jsonb_typeof(sections) = 'array' AND jsonb_array_length(sections) BETWEEN 1 AND 20)
);

-- Listing is ordered by (starts_at, id) and filtered on dates; the status filter narrows further.
-- Search uses ILIKE on name and location without an index: pg_trgm is not guaranteed to be
-- installable, and a scan is cheap at a catalog's size.
CREATE INDEX events_starts_at_id_idx ON events (starts_at, id);
CREATE INDEX events_status_starts_at_id_idx ON events (status, starts_at, id);

CREATE TABLE outbox (
  id           uuid PRIMARY KEY,
  type         text NOT NULL,
  version      integer NOT NULL DEFAULT 1,
  aggregate_id uuid NOT NULL,
  payload      jsonb NOT NULL,
  headers      jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);

CREATE INDEX outbox_pending ON outbox (created_at, id) WHERE published_at IS NULL;
