import { newId, type Queryable } from '@ticres/shared';
import type { OwedInvalidations } from '../cache/redis-event-cache';

/** The owed cache invalidation in `cache_invalidation_owed` (one row at most), shared by every replica. */
export function createOwedInvalidationRepository(db: Queryable): OwedInvalidations {
  return {
    async record() {
      await db.query(
        /* sql */ `
        INSERT INTO cache_invalidation_owed (token) VALUES ($1)
        ON CONFLICT (singleton) DO UPDATE SET token = EXCLUDED.token, owed_since = now()`,
        [newId()],
      );
    },

    async find() {
      const { rows } = await db.query<{ token: string }>(/* sql */ `SELECT token FROM cache_invalidation_owed`);
      return rows[0]?.token;
    },

    async settle(token) {
      await db.query(/* sql */ `DELETE FROM cache_invalidation_owed WHERE token = $1`, [token]);
    },
  };
}
