import type { Queryable } from '@ticres/shared';
import { SIGNING_ALGORITHM, type SigningKey } from '../domain/signing-key';

interface SigningKeyRow {
  kid: string;
  alg: string;
  private_key_pem: string;
  public_key_pem: string;
  created_at: Date;
  signs_until: Date;
  verifies_until: Date;
}

/** Distinct from the migrations' lock key, which is `ticres.migrate.auth`. */
const ROTATION_LOCK = 'ticres.auth.signing-key-rotation';

const KEY_COLUMNS = /* sql */ `kid, alg, private_key_pem, public_key_pem, created_at, signs_until, verifies_until`;

function toSigningKey(row: SigningKeyRow): SigningKey {
  if (row.alg !== SIGNING_ALGORITHM) throw new Error(`Signing key ${row.kid} has unsupported alg ${row.alg}`);
  return {
    kid: row.kid,
    alg: SIGNING_ALGORITHM,
    privateKeyPem: row.private_key_pem,
    publicKeyPem: row.public_key_pem,
    createdAt: row.created_at,
    signsUntil: row.signs_until,
    verifiesUntil: row.verifies_until,
  };
}

/** Signing keys, private halves included: this table must never be readable outside auth. */
export function createSigningKeyRepository(db: Queryable) {
  return {
    /** A transaction-scoped advisory lock: released by COMMIT or ROLLBACK, never leaked. */
    async lockRotation(): Promise<void> {
      await db.query(/* sql */ `SELECT pg_advisory_xact_lock(hashtext($1))`, [ROTATION_LOCK]);
    },

    async findSigning(at: Date): Promise<SigningKey | undefined> {
      const { rows } = await db.query<SigningKeyRow>(
        /* sql */ `
        SELECT ${KEY_COLUMNS} FROM signing_keys
        WHERE signs_until > $1
        ORDER BY created_at DESC, kid DESC
        LIMIT 1`,
        [at],
      );
      return rows[0] && toSigningKey(rows[0]);
    },

    async listVerifiable(at: Date): Promise<SigningKey[]> {
      const { rows } = await db.query<SigningKeyRow>(
        /* sql */ `
        SELECT ${KEY_COLUMNS} FROM signing_keys
        WHERE verifies_until > $1
        ORDER BY created_at DESC, kid DESC`,
        [at],
      );
      return rows.map(toSigningKey);
    },

    async insert(key: SigningKey): Promise<void> {
      await db.query(
        /* sql */ `
        INSERT INTO signing_keys (kid, alg, private_key_pem, public_key_pem, created_at, signs_until, verifies_until)
        VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [key.kid, key.alg, key.privateKeyPem, key.publicKeyPem, key.createdAt, key.signsUntil, key.verifiesUntil],
      );
    },
  };
}

export type SigningKeyRepository = ReturnType<typeof createSigningKeyRepository>;
