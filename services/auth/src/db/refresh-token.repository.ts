import type { Queryable } from '@ticres/shared';
import type { RefreshToken } from '../domain/refresh-token';
import type { NewRefreshTokenRecord } from '../usecases/session-tokens';

interface RefreshTokenRow {
  id: string;
  family_id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

function toRefreshToken(row: RefreshTokenRow): RefreshToken {
  return {
    id: row.id,
    familyId: row.family_id,
    userId: row.user_id,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    revokedAt: row.revoked_at,
  };
}

/** Refresh tokens are looked up by their SHA-256 only; the table never sees a token. */
export function createRefreshTokenRepository(db: Queryable) {
  return {
    async insert(token: NewRefreshTokenRecord): Promise<void> {
      await db.query(
        /* sql */ `
        INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, expires_at, created_at)
        VALUES ($1, $2, $3, $4, $5, $6)`,
        [token.id, token.familyId, token.userId, token.tokenHash, token.expiresAt, token.createdAt],
      );
    },

    /** Only meaningful inside a transaction: the row stays locked until it ends. */
    async findByHashForUpdate(tokenHash: string): Promise<RefreshToken | undefined> {
      const { rows } = await db.query<RefreshTokenRow>(
        /* sql */ `
        SELECT id, family_id, user_id, expires_at, used_at, revoked_at
        FROM refresh_tokens WHERE token_hash = $1
        FOR UPDATE`,
        [tokenHash],
      );
      return rows[0] && toRefreshToken(rows[0]);
    },

    async markUsed(id: string, at: Date): Promise<void> {
      await db.query(/* sql */ `UPDATE refresh_tokens SET used_at = $2 WHERE id = $1`, [id, at]);
    },

    async revokeFamily(familyId: string, at: Date): Promise<void> {
      await db.query(/* sql */ `UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, [familyId, at]);
    },

    /** Returns the family's id, revoked now or before; undefined for an unknown hash. */
    async revokeFamilyOfHash(tokenHash: string, at: Date): Promise<string | undefined> {
      const { rows } = await db.query<{ family_id: string }>(
        /* sql */ `
        WITH family AS (SELECT family_id FROM refresh_tokens WHERE token_hash = $1),
        revoked AS (
          UPDATE refresh_tokens SET revoked_at = $2
          WHERE family_id = (SELECT family_id FROM family) AND revoked_at IS NULL
        )
        SELECT family_id FROM family`,
        [tokenHash, at],
      );
      return rows[0]?.family_id;
    },

    /** A session is live while one token of its family is not revoked (spent or expired ones included). */
    async isFamilyActive(familyId: string): Promise<boolean> {
      const { rows } = await db.query<{ active: boolean }>(
        /* sql */ `SELECT EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = $1 AND revoked_at IS NULL) AS active`,
        [familyId],
      );
      return rows[0]!.active;
    },
  };
}

export type RefreshTokenRepository = ReturnType<typeof createRefreshTokenRepository>;
