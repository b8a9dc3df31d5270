-- Charges, refunds, Idempotency-Keys and the event bus tables. Runs with search_path = payment.

CREATE TABLE transactions (
  -- Also the payment_id booking's claim names.
  id             uuid PRIMARY KEY,
  booking_id     uuid NOT NULL,
  -- The paying user (the booking's owner once booking accepted the claim).
  user_id        uuid NOT NULL,
  -- Copied from the booking when booking accepts the claim; NULL for an attempt it refused.
  event_id       uuid,
  amount_cents   bigint CHECK (amount_cents >= 0),
  currency       text CHECK (currency ~ '^[A-Z]{3}$'),
  payment_method text NOT NULL CHECK (payment_method IN ('credit_card', 'bank_transfer', 'e_wallet')),
  status         text NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED')),
  -- The provider's reference: PAY-CR-..., PAY-BT-..., PAY-EW-...
  external_id    text NOT NULL UNIQUE CHECK (external_id ~ '^PAY-(CR|BT|EW)-.+$'),
  -- Why a FAILED transaction failed: declined, timeout, claim_refused, already_paid.
  failure_reason text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT transactions_claimed_together CHECK (
    (event_id IS NULL) = (amount_cents IS NULL) AND (event_id IS NULL) = (currency IS NULL)
  ),
  -- Money moves only for a booking that accepted the claim.
  CONSTRAINT transactions_charged_only_when_claimed CHECK (event_id IS NOT NULL OR status IN ('PENDING', 'FAILED')),
  CONSTRAINT transactions_failure_reason CHECK ((status = 'FAILED') = (failure_reason IS NOT NULL))
);

-- Invariant 2: at most one successful transaction per booking, whatever races.
CREATE UNIQUE INDEX transactions_one_success_per_booking ON transactions (booking_id) WHERE status IN ('SUCCEEDED', 'REFUNDED');
CREATE INDEX transactions_by_booking_newest ON transactions (booking_id, created_at DESC, id DESC);
-- Refunding every paid booking of a cancelled event.
CREATE INDEX transactions_succeeded_by_event ON transactions (event_id) WHERE status = 'SUCCEEDED';

CREATE TABLE refunds (
  id             uuid PRIMARY KEY,
  -- Nothing is refunded twice, whichever message (or redelivery) asked for it.
  transaction_id uuid NOT NULL UNIQUE REFERENCES transactions (id),
  booking_id     uuid NOT NULL,
  amount_cents   bigint NOT NULL CHECK (amount_cents >= 0),
  status         text NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'FAILED')),
  reason         text NOT NULL,
  -- The provider's idempotency reference: derived from the transaction, so a retried refund call is
  -- the same refund at the provider too.
  external_id    text NOT NULL UNIQUE,
  attempts       integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error     text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- The refund runner's queue.
CREATE INDEX refunds_pending ON refunds (created_at, id) WHERE status = 'PENDING';

-- Idempotency-Key of Pay, per caller.
CREATE TABLE idempotency_keys (
  user_id        uuid NOT NULL,
  key            text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
  -- SHA-256 of the normalised request: the same key with another request is refused.
  request_hash   text NOT NULL,
  state          text NOT NULL CHECK (state IN ('in_progress', 'completed')),
  transaction_id uuid REFERENCES transactions (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key),
  CHECK ((state = 'completed') = (transaction_id IS NOT NULL))
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
