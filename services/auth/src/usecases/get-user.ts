import { isUuid, requireRole, requireUser, validationError, type Principal } from '@ticres/shared';
import { userNotFound } from '../domain/errors';
import type { User } from '../domain/user';

export interface GetUserPorts {
  users: { findById(id: string): Promise<User | undefined> };
}

export type GetUser = (caller: Principal, id: string) => Promise<User>;

/** The caller's own account (empty id), or anyone's for an admin. A service has no account (GetContact is its way). */
export function createGetUser({ users }: GetUserPorts): GetUser {
  return async (caller, id) => {
    requireUser(caller);
    const wanted = id === '' ? caller.userId : id;
    if (!isUuid(wanted)) throw validationError([{ field: 'id', message: 'must be a UUID' }]);
    if (wanted !== caller.userId) requireRole(caller, 'admin');
    const user = await users.findById(wanted);
    if (!user) throw userNotFound();
    return user;
  };
}
