-- The payment side of a booking: a payment's claim on it, the transaction that paid it, and the
-- captures it refused. Runs with search_path = booking.

ALTER TABLE bookings
  -- The payment that may charge for this booking right now, and until when: the expiry sweeper
  -- leaves a booking alone while its claim is fresh, so a charge in flight is not undercut.
  ADD COLUMN claim_payment_id uuid,
  ADD COLUMN claimed_until    timestamptz,
  -- The payment transaction that turned it PAID (kept once REFUNDED).
  ADD COLUMN transaction_id   uuid,
  ADD CONSTRAINT bookings_claim_complete CHECK ((claim_payment_id IS NULL) = (claimed_until IS NULL)),
  ADD CONSTRAINT bookings_transaction_only_when_paid CHECK (transaction_id IS NULL OR status IN ('PAID', 'REFUNDED'));

-- One booking per transaction: a transaction can confirm one booking only.
CREATE UNIQUE INDEX bookings_one_per_transaction ON bookings (transaction_id) WHERE transaction_id IS NOT NULL;
-- Refunding what was paid for a cancelled event.
CREATE INDEX bookings_paid_by_event ON bookings (event_id) WHERE status = 'PAID';

-- Each captured payment booking refused, once: `booking.payment_rejected` is written only with
-- its row here, so no redelivery (under any message id) asks payment to refund twice.
CREATE TABLE payment_rejections (
  transaction_id uuid PRIMARY KEY,
  booking_id     uuid NOT NULL REFERENCES bookings (id),
  reason         text NOT NULL CHECK (reason IN ('expired', 'cancelled', 'event_cancelled', 'already_paid')),
  created_at     timestamptz NOT NULL DEFAULT now()
);
