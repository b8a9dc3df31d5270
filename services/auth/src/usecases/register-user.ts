import { newId } from '@ticres/shared';
import { parseRegistration, type RegistrationInput } from '../domain/registration';
import type { Role } from '../domain/role';
import type { User } from '../domain/user';
import type { PasswordWork } from './password-work';
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
  hashPassword: (password: string) => Promise<string>;
  passwordWork: PasswordWork;
  now: Clock;
}

/** `deadline`: when the caller stops waiting (epoch ms); a sign-up that cannot be hashed by then is refused. */
export type RegisterUser = (input: RegistrationInput, deadline?: number) => Promise<User>;

/** Creates a customer account; refused with OVERLOADED, storing nothing, when the password queue cannot take it. */
export function createRegisterUser({ users, hashPassword, passwordWork, now }: RegisterUserPorts): RegisterUser {
  return async (input, deadline = Infinity) => {
    const { name, email, password } = parseRegistration(input);
    const passwordHash = await passwordWork(() => hashPassword(password), deadline);
    return users.insert({ id: newId(), name, email, passwordHash, role: 'customer', createdAt: now() });
  };
}
