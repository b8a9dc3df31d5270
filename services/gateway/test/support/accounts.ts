import { randomBytes } from 'node:crypto';
import { importPKCS8 } from 'jose';
import type { Client } from 'pg';
import { dataOf, type ApiClient, type Tokens, type User } from './http';
import type { SigningKey } from './tokens';

export const uniqueEmail = (label = 'user') => `${label}-${randomBytes(5).toString('hex')}@example.com`;

export interface Account {
  user: User;
  email: string;
  password: string;
  tokens: Tokens;
}

/** Registers a fresh customer through the API and logs them in. */
export async function registerAndLogin(api: ApiClient, label = 'user'): Promise<Account> {
  const email = uniqueEmail(label);
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const user = dataOf<User>(await api.post('/api/v1/register', { name: `Test ${label}`, email, password }));
  const tokens = dataOf<Tokens>(await api.post('/api/v1/login', { email, password }));
  return { user, email, password, tokens };
}

/** Logs the account in again, e.g. to get a token carrying a role changed since. */
export async function relogin(api: ApiClient, account: Account): Promise<Account> {
  const tokens = dataOf<Tokens>(await api.post('/api/v1/login', { email: account.email, password: account.password }));
  return { ...account, tokens };
}

/** Gives the account a role the way the first admin gets one: in the database. */
export async function promote(sql: Client, userId: string, role: 'organizer' | 'admin'): Promise<void> {
  const { rowCount } = await sql.query(/* sql */ `UPDATE auth.users SET role = $2 WHERE id = $1`, [userId, role]);
  if (rowCount !== 1) throw new Error(`no user ${userId} to promote`);
}

/** Makes the account an admin the only way there is at first: in the database. */
export const promoteToAdmin = (sql: Client, userId: string): Promise<void> => promote(sql, userId, 'admin');

/** A fresh account with the role, logged in again so its token says so. */
export async function createWithRole(api: ApiClient, sql: Client, role: 'organizer' | 'admin', label: string = role): Promise<Account> {
  const account = await registerAndLogin(api, label);
  await promote(sql, account.user.id, role);
  return relogin(api, account);
}

/** A fresh account promoted to admin, logged in again so its token says so. */
export const createAdmin = (api: ApiClient, sql: Client, label = 'admin'): Promise<Account> => createWithRole(api, sql, 'admin', label);

/**
 * auth's current signing key, private half included, read from the run's own database. It lets
 * a test sign tokens that differ from auth's in one claim only (expired, wrong aud, wrong iss)
 * and still carry the real kid and a valid signature, without waiting for a real token to expire.
 */
export async function currentSigningKey(sql: Client): Promise<SigningKey> {
  const { rows } = await sql.query<{
    kid: string;
    private_key_pem: string;
    public_key_pem: string;
  }>(/* sql */ `SELECT kid, private_key_pem, public_key_pem FROM auth.signing_keys
               WHERE signs_until > now() ORDER BY created_at DESC LIMIT 1`);
  const row = rows[0];
  if (!row) throw new Error('auth has no signing key');
  return {
    kid: row.kid,
    privateKey: await importPKCS8(row.private_key_pem, 'EdDSA'),
    publicKeyPem: row.public_key_pem,
  };
}
