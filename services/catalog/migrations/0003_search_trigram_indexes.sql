-- Search (name or location ILIKE '%term%') through trigram indexes. Without them every search
-- the gateway's cache had not seen read the whole table: 15.7 ms of PostgreSQL CPU per search with
-- 10,000 events (bench/results/2026-12-02.md, scale), so a stream of new terms was cheap to send
-- and expensive to answer. pg_trgm is created in public by the bootstrap (DATABASE_ADMIN_URL);
-- a database set up without it needs `CREATE EXTENSION pg_trgm WITH SCHEMA public` by a superuser.
-- fastupdate off: events are written rarely and searched often; with GIN's pending list, entries
-- written since the last vacuum are read by every search, and the planner, counting them, prefers
-- the scan again.
CREATE INDEX events_name_trgm_idx ON events USING gin (name public.gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX events_location_trgm_idx ON events USING gin (location public.gin_trgm_ops) WITH (fastupdate = off);
