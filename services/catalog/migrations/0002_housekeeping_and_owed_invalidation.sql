-- Housekeeping prunes published outbox rows by age (packages/shared/src/housekeeping).
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;

-- A cache invalidation a replica could not make (Redis out of its reach after a write): kept here,
-- not in that process's memory, so whichever replica reaches Redis next makes it, and a restart
-- does not forget it. At most one row; `token` changes with every new debt, so settling an old
-- one never erases a newer one.
CREATE TABLE cache_invalidation_owed (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  token      uuid NOT NULL,
  owed_since timestamptz NOT NULL DEFAULT now()
);
