-- Anti-hoarding (docs/security/anti-hoarding.md): what a hold's tally reads in its transaction.

-- The client address a hold is counted under (an IPv4 address or an IPv6 /64), recorded only
-- while MAX_HELD_SEATS_PER_ADDRESS_PER_EVENT is on.
ALTER TABLE bookings ADD COLUMN client_address text CHECK (char_length(client_address) <= 64);

-- Seats held on an event from one address.
CREATE INDEX bookings_pending_by_event_address ON bookings (event_id, client_address)
  WHERE status = 'PENDING' AND client_address IS NOT NULL;

-- A person's holds released on an event (cancelled or run out), for the cool-down.
CREATE INDEX bookings_released_by_user_event ON bookings (user_id, event_id)
  WHERE status IN ('CANCELLED', 'EXPIRED');
