-- Housekeeping prunes old sent-notification rows by age (packages/shared/src/housekeeping); the
-- inbox already has inbox_by_age.
CREATE INDEX sent_notifications_by_age ON sent_notifications (sent_at);
