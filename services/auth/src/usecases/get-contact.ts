import { isUuid, NOTIFIER_SERVICE, requireService, validationError, type Principal } from '@ticres/shared';
import { userNotFound } from '../domain/errors';
import type { User } from '../domain/user';

export interface GetContactPorts {
  users: { findById(id: string): Promise<User | undefined> };
}

/** Whom to write to about a user. */
export interface Contact {
  userId: string;
  name: string;
  email: string;
}

export type GetContact = (caller: Principal, userId: string) => Promise<Contact>;

/** The notifier only: a person, an admin included, or another service is FORBIDDEN. */
export function createGetContact({ users }: GetContactPorts): GetContact {
  return async (caller, userId) => {
    requireService(caller, [NOTIFIER_SERVICE]);
    if (!isUuid(userId)) throw validationError([{ field: 'user_id', message: 'must be a UUID' }]);
    const user = await users.findById(userId);
    if (!user) throw userNotFound();
    return { userId: user.id, name: user.name, email: user.email };
  };
}
