import type { Role } from './role';

/** An account as the rest of the system sees it: never with its password hash. */
export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
  createdAt: Date;
  /** Raised by every role change; access tokens signed at a lower version are revoked. */
  tokenVersion: number;
}

/** A user together with the bcrypt hash that proves its password; stays inside auth. */
export interface UserCredentials extends User {
  passwordHash: string;
}
