-- Seat inventory, bookings and the event bus tables. Runs with search_path = booking.

-- What booking knows of catalog's events, kept from event.* messages.
CREATE TABLE events (
  id           uuid PRIMARY KEY,
  -- NULL only while an event.cancelled has arrived before any snapshot of the event.
  name         text,
  status       text NOT NULL CHECK (status IN ('available', 'cancelled', 'completed')),
  starts_at    timestamptz,
  currency     text CHECK (currency ~ '^[A-Z]{3}$'),
  organizer_id uuid,
  -- occurred_at of the newest snapshot applied: an older one arriving late changes nothing.
  snapshot_at  timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (snapshot_at IS NULL OR (name IS NOT NULL AND starts_at IS NOT NULL AND currency IS NOT NULL AND organizer_id IS NOT NULL))
);

CREATE TABLE bookings (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL,
  event_id    uuid NOT NULL REFERENCES events (id),
  status      text NOT NULL CHECK (status IN ('PENDING', 'PAID', 'EXPIRED', 'CANCELLED', 'REFUNDED')),
  total_cents bigint NOT NULL CHECK (total_cents >= 0),
  currency    text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The sweeper's queue.
CREATE INDEX bookings_pending_by_expiry ON bookings (expires_at) WHERE status = 'PENDING';
-- The open-holds limit, and cancelling an event's pending bookings.
CREATE INDEX bookings_pending_by_user_event ON bookings (user_id, event_id) WHERE status = 'PENDING';
CREATE INDEX bookings_by_user_newest ON bookings (user_id, created_at DESC, id DESC);
CREATE INDEX bookings_by_event_newest ON bookings (event_id, created_at DESC, id DESC);
CREATE INDEX bookings_newest ON bookings (created_at DESC, id DESC);

CREATE TABLE seats (
  id               uuid PRIMARY KEY,
  event_id         uuid NOT NULL REFERENCES events (id),
  -- `<SECTION>-<ROW>-<n>` seated, `<SECTION>-<n>` general admission; the natural key.
  label            text NOT NULL,
  section          text NOT NULL,
  -- The section's place in the event's layout: sections list in this order.
  section_position integer NOT NULL CHECK (section_position >= 0),
  -- A, B, ..., Z, AA, AB, ...; NULL for general admission.
  "row"            text,
  number           integer NOT NULL CHECK (number > 0),
  -- Row-major position inside the section (row index * seats per row + number), so "in order"
  -- is one integer and a plain index serves it.
  ordinal          integer NOT NULL CHECK (ordinal > 0),
  price_cents      bigint NOT NULL CHECK (price_cents >= 0),
  status           text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'held', 'sold', 'void')),
  booking_id       uuid REFERENCES bookings (id),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT seats_event_label_key UNIQUE (event_id, label),
  CHECK ((booking_id IS NOT NULL) = (status IN ('held', 'sold')))
);

-- Best available over the whole event: dearest section first, then layout order.
CREATE INDEX seats_available_best ON seats (event_id, price_cents DESC, section_position, ordinal) WHERE status = 'available';
-- Best available in one section.
CREATE INDEX seats_available_in_section ON seats (event_id, section, ordinal) WHERE status = 'available';
-- Every seat of an event in layout order (GetEventSeats, voiding on cancellation).
CREATE INDEX seats_in_layout_order ON seats (event_id, section_position, ordinal);
CREATE INDEX seats_by_booking ON seats (booking_id) WHERE booking_id IS NOT NULL;

CREATE TABLE booking_items (
  booking_id  uuid NOT NULL REFERENCES bookings (id),
  seat_id     uuid NOT NULL REFERENCES seats (id),
  -- Copied at hold time: the booking shows what was bought even if the layout changes.
  label       text NOT NULL,
  price_cents bigint NOT NULL CHECK (price_cents >= 0),
  -- The seat's place in the booking's list (layout order).
  position    smallint NOT NULL CHECK (position >= 0),
  -- False once the booking expired or was cancelled and the seat went back.
  active      boolean NOT NULL DEFAULT true,
  PRIMARY KEY (booking_id, seat_id)
);

-- The schema's last guard against a seat in two live bookings; holds translate its 23505.
CREATE UNIQUE INDEX booking_items_one_live_booking_per_seat ON booking_items (seat_id) WHERE active;

-- Idempotency-Key of HoldSeats, per caller.
CREATE TABLE idempotency_keys (
  user_id      uuid NOT NULL,
  key          text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
  -- SHA-256 of the normalised request: the same key with another request is refused.
  request_hash text NOT NULL,
  state        text NOT NULL CHECK (state IN ('in_progress', 'completed')),
  booking_id   uuid REFERENCES bookings (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key),
  CHECK ((state = 'completed') = (booking_id IS NOT NULL))
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

-- Transactional outbox: written with the change it announces, published by the relay.
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

-- Messages already applied, written in the same transaction as their effect.
CREATE TABLE inbox (
  message_id  uuid PRIMARY KEY,
  type        text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
