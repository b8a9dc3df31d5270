import { writeWithCommit, type Queryable } from '../db/transaction';
import type { ClaimRules, IdempotencyClaim, StoredIdempotencyKey } from './idempotency-key';

/** Where each service's `idempotency_keys` table keeps the id of the request's result. */
export const IDEMPOTENCY_RESULT_COLUMNS = ['booking_id', 'transaction_id'] as const;
export type IdempotencyResultColumn = (typeof IDEMPOTENCY_RESULT_COLUMNS)[number];

/**
 * Idempotency-Key records in the service's own `idempotency_keys` table, scoped to the caller.
 *
 * `resultColumn` is written into the SQL as an identifier (a column name cannot be a bind
 * parameter), so it must only ever come from the fixed union above, never from input; the check
 * below also refuses anything else that reaches here through a cast.
 */
export function createIdempotencyKeyRepository(db: Queryable, resultColumn: IdempotencyResultColumn) {
  if (!IDEMPOTENCY_RESULT_COLUMNS.includes(resultColumn)) throw new Error(`not an idempotency result column: ${String(resultColumn)}`);
  const result = resultColumn;

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
          SET request_hash = EXCLUDED.request_hash, state = 'in_progress', ${result} = NULL, created_at = now()
          WHERE k.created_at <= now() - make_interval(secs => $4)
             OR (k.state = 'in_progress' AND k.request_hash = EXCLUDED.request_hash
                 AND k.created_at <= now() - make_interval(secs => $5))`,
        [userId, key, requestHash, ttlSeconds, abandonAfterSeconds],
      );
      return (rowCount ?? 0) > 0;
    },

    async find(userId: string, key: string): Promise<StoredIdempotencyKey | undefined> {
      const { rows } = await db.query<{ request_hash: string; state: 'in_progress' | 'completed'; result_id: string | null }>(
        /* sql */ `SELECT request_hash, state, ${result} AS result_id FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [userId, key],
      );
      const row = rows[0];
      return row && { requestHash: row.request_hash, state: row.state, resultId: row.result_id };
    },

    /**
     * Records the result the claim produced; meant for the transaction that produces it, so both
     * commit together (written with its COMMIT).
     */
    async complete({ userId, key, requestHash }: IdempotencyClaim, resultId: string): Promise<void> {
      await writeWithCommit(
        db,
        /* sql */ `
        UPDATE idempotency_keys SET state = 'completed', ${result} = $4
        WHERE user_id = $1 AND key = $2 AND request_hash = $3 AND state = 'in_progress'`,
        [userId, key, requestHash, resultId],
      );
    },

    /**
     * Records a result on the key's unfinished claim, whichever request made it: for a reconciler
     * that settles a request whose process died before recording it, and whose claim was never
     * released (the database was gone), so a retry replays the result instead of waiting for the
     * claim to be abandoned.
     */
    async completeUnfinished(userId: string, key: string, resultId: string): Promise<void> {
      await db.query(
        /* sql */ `
        UPDATE idempotency_keys SET state = 'completed', ${result} = $3
        WHERE user_id = $1 AND key = $2 AND state = 'in_progress'`,
        [userId, key, resultId],
      );
    },

    /** Drops a claim whose request produced nothing, so the client may try again with the same key. */
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
