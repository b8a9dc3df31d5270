-- Holds no longer lock their event's row. Runs with search_path = booking.
--
-- The foreign key from bookings to events made every hold take FOR KEY SHARE on its event's row:
-- at an on-sale thousands of concurrent holds share one row lock, which PostgreSQL keeps as a
-- MultiXact that every one of them rewrites. A hold reads the event in its own transaction and
-- events are never deleted, so the key guarded nothing a hold does not check itself.
ALTER TABLE bookings DROP CONSTRAINT bookings_event_id_fkey;
