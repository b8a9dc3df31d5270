-- Housekeeping prunes published outbox rows and old inbox rows by age
-- (packages/shared/src/housekeeping): each batch finds them through these indexes.
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX inbox_by_age ON inbox (received_at);
