import { newId } from '@ticres/shared';
import { parseRegistration, type RegistrationInput } from '../domain/registration';
import type { Role } from '../domain/role';
import type { User } from '../domain/user';
import type { Clock } from './transactional';

export interface NewUserRecord {
  id: string;
  name: string;
  email: string;
  passwordHash: string;
  role: Role;
  createdAt: Date;
}

export interface RegisterUserPorts {
  /** Throws EMAIL_TAKEN when the address exists in any case: the unique index decides, not a read. */
  users: { insert(user: NewUserRecord): Promise<User> };
  hashPassword(password: string): Promise<string>;
  now: Clock;
}

export type RegisterUser = (input: RegistrationInput) => Promise<User>;

/** Creates a customer account. */
export function createRegisterUser({ users, hashPassword, now }: RegisterUserPorts): RegisterUser {
  return async (input) => {
    const { name, email, password } = parseRegistration(input);
    const passwordHash = await hashPassword(password);
    return users.insert({ id: newId(), name, email, passwordHash, role: 'customer', createdAt: now() });
  };
}
