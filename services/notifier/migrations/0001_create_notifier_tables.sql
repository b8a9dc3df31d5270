-- What the notifier keeps: a dedupe record of every mail, the bookings it writes about, its inbox.
-- Runs with search_path = notifier.

-- Messages already applied, written in the same transaction as their effect (the shared consumer).
CREATE TABLE inbox (
  message_id  uuid PRIMARY KEY,
  type        text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX inbox_by_age ON inbox (received_at);

-- One row per mail, keyed by the message that caused it: committed with the inbox row only after
-- the SMTP server accepted the mail.
CREATE TABLE sent_notifications (
  message_id uuid PRIMARY KEY,
  user_id    uuid NOT NULL,
  type       text NOT NULL,
  "to"       text NOT NULL,
  subject    text NOT NULL,
  sent_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sent_notifications_by_user ON sent_notifications (user_id, sent_at DESC);

-- The bookings mails are written about, from booking.* events that carry them whole, for the
-- events that do not (booking.refunded has no seats and no event name).
CREATE TABLE bookings (
  booking_id      uuid PRIMARY KEY,
  user_id         uuid NOT NULL,
  event_id        uuid NOT NULL,
  event_name      text NOT NULL,
  event_starts_at timestamptz NOT NULL,
  seat_labels     text[] NOT NULL,
  total_cents     bigint NOT NULL CHECK (total_cents >= 0),
  currency        text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  recorded_at     timestamptz NOT NULL DEFAULT now()
);
