import type { Queryable } from '@ticres/shared';
import type { ClaimRules, IdempotencyClaim, StoredIdempotencyKey } from '../usecases/pay';

/** Idempotency-Key records of Pay, scoped to the caller. */
export function createIdempotencyKeyRepository(db: Queryable) {
  return {
    /**
     * Claims the key for this request, in its own statement (committed at once when `db` is the
     * pool). True when the caller now owns it: new, expired, or an abandoned claim of the same
     * request. False when someone else's record stands; read it with `find`.
     */
    async claim({ userId, key, requestHash }: IdempotencyClaim, { ttlSeconds, abandonAfterSeconds }: ClaimRules): Promise<boolean> {
      const { rowCount } = await db.query(
        /* sql */ `
        INSERT INTO idempotency_keys AS k (user_id, key, request_hash, state, created_at)
        VALUES ($1, $2, $3, 'in_progress', now())
        ON CONFLICT (user_id, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, state = 'in_progress', transaction_id = NULL, created_at = now()
          WHERE k.created_at <= now() - make_interval(secs => $4)
             OR (k.state = 'in_progress' AND k.request_hash = EXCLUDED.request_hash
                 AND k.created_at <= now() - make_interval(secs => $5))`,
        [userId, key, requestHash, ttlSeconds, abandonAfterSeconds],
      );
      return (rowCount ?? 0) > 0;
    },

    async find(userId: string, key: string): Promise<StoredIdempotencyKey | undefined> {
      const { rows } = await db.query<{ request_hash: string; state: 'in_progress' | 'completed'; transaction_id: string | null }>(
        /* sql */ `SELECT request_hash, state, transaction_id FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [userId, key],
      );
      const row = rows[0];
      return row && { requestHash: row.request_hash, state: row.state, transactionId: row.transaction_id };
    },

    /** Records the transaction the claim produced; meant for the transaction that settles it. */
    async complete({ userId, key, requestHash }: IdempotencyClaim, transactionId: string): Promise<void> {
      await db.query(
        /* sql */ `
        UPDATE idempotency_keys SET state = 'completed', transaction_id = $4
        WHERE user_id = $1 AND key = $2 AND request_hash = $3 AND state = 'in_progress'`,
        [userId, key, requestHash, transactionId],
      );
    },

    /** Drops a claim whose request produced no successful payment, so the client may try again with the same key. */
    async release({ userId, key, requestHash }: IdempotencyClaim): Promise<void> {
      await db.query(
        /* sql */ `
        DELETE FROM idempotency_keys
        WHERE user_id = $1 AND key = $2 AND request_hash = $3 AND state = 'in_progress'`,
        [userId, key, requestHash],
      );
    },

    /** Deletes up to `limit` keys older than the TTL; returns how many. */
    async purgeExpired(ttlSeconds: number, limit: number): Promise<number> {
      const { rowCount } = await db.query(
        /* sql */ `
        DELETE FROM idempotency_keys WHERE (user_id, key) IN (
          SELECT user_id, key FROM idempotency_keys
          WHERE created_at <= now() - make_interval(secs => $1)
          LIMIT $2
          FOR UPDATE SKIP LOCKED
        )`,
        [ttlSeconds, limit],
      );
      return rowCount ?? 0;
    },
  };
}

export type IdempotencyKeyRepository = ReturnType<typeof createIdempotencyKeyRepository>;
