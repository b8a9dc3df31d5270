import { newId, type QueuePlace } from '@ticres/shared';
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
  hashPassword: (password: string) => Promise<string>;
  now: Clock;
}

/** `place`: the sign-up's place in the password queue, held on arrival (its holder gives it up if unused). */
export type RegisterUser = (input: RegistrationInput, place: QueuePlace) => Promise<User>;

/** A sign-up with a place in the password queue of its own, no deadline and no limits. */
export type RegisterUserDirectly = (input: RegistrationInput) => Promise<User>;

/** Creates a customer account; refused with OVERLOADED, storing nothing, when the password queue cannot take it. */
export function createRegisterUser({ users, hashPassword, now }: RegisterUserPorts): RegisterUser {
  return async (input, place) => {
    const { name, email, password } = parseRegistration(input);
    const passwordHash = await place.run(() => hashPassword(password));
    return users.insert({ id: newId(), name, email, passwordHash, role: 'customer', createdAt: now() });
  };
}
