-- Reconciliation of charges whose outcome was never recorded, and refunds that give up.

-- The Idempotency-Key (of transactions.user_id) the attempt was made under, so a retry with the
-- key finds an attempt whose outcome is still unknown instead of charging again.
ALTER TABLE transactions ADD COLUMN idempotency_key text;
CREATE INDEX transactions_by_idempotency_key ON transactions (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- The reconciler's queue: attempts still PENDING, oldest first.
CREATE INDEX transactions_pending ON transactions (updated_at, id) WHERE status = 'PENDING';

-- Refunds an operator must look at (they gave up after REFUND_MAX_ATTEMPTS).
CREATE INDEX refunds_failed ON refunds (updated_at, id) WHERE status = 'FAILED';
