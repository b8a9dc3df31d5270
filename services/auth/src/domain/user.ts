import type { Role } from './role';

/** An account as the rest of the system sees it: never with its password hash. */
export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
  createdAt: Date;
}

/** A user together with the bcrypt hash that proves its password; stays inside auth. */
export interface UserCredentials extends User {
  passwordHash: string;
}
