import { isUniqueViolation, type Queryable } from '@ticres/shared';
import { emailTaken } from '../domain/errors';
import type { Role } from '../domain/role';
import type { User, UserCredentials } from '../domain/user';
import type { NewUserRecord } from '../usecases/register-user';

interface UserRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  created_at: Date;
  token_version: number;
  password_hash: string;
}

/** The unique index on lower(email): its violation is the one way a duplicate address shows. */
const EMAIL_UNIQUE_INDEX = 'users_email_lower_key';

const USER_COLUMNS = /* sql */ `id, name, email, role, created_at, token_version`;

function toUser(row: Omit<UserRow, 'password_hash'>): User {
  return { id: row.id, name: row.name, email: row.email, role: row.role, createdAt: row.created_at, tokenVersion: row.token_version };
}

function toCredentials(row: UserRow): UserCredentials {
  return { ...toUser(row), passwordHash: row.password_hash };
}

export function createUserRepository(db: Queryable) {
  return {
    /** Throws EMAIL_TAKEN when the address exists in any letter case. */
    async insert(user: NewUserRecord): Promise<User> {
      try {
        const { rows } = await db.query<UserRow>(
          /* sql */ `
          INSERT INTO users (id, name, email, password_hash, role, created_at, updated_at)
          VALUES ($1, $2, $3, $4, $5, $6, $6)
          RETURNING ${USER_COLUMNS}`,
          [user.id, user.name, user.email, user.passwordHash, user.role, user.createdAt],
        );
        return toUser(rows[0]!);
      } catch (error) {
        if (isUniqueViolation(error, EMAIL_UNIQUE_INDEX)) throw emailTaken();
        throw error;
      }
    },

    async findCredentialsByEmail(email: string): Promise<UserCredentials | undefined> {
      const { rows } = await db.query<UserRow>(/* sql */ `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE lower(email) = lower($1)`, [email]);
      return rows[0] && toCredentials(rows[0]);
    },

    async findById(id: string): Promise<User | undefined> {
      const { rows } = await db.query<UserRow>(/* sql */ `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
      return rows[0] && toUser(rows[0]);
    },

    /** A change of role raises the token version, revoking the tokens that carry the old role. */
    async updateRole(id: string, role: Role, at: Date): Promise<User | undefined> {
      const { rows } = await db.query<UserRow>(
        /* sql */ `
        UPDATE users
        SET role = $2, updated_at = $3, token_version = token_version + (CASE WHEN role = $2 THEN 0 ELSE 1 END)
        WHERE id = $1 RETURNING ${USER_COLUMNS}`,
        [id, role, at],
      );
      return rows[0] && toUser(rows[0]);
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
