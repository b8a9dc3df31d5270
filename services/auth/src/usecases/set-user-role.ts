import { isUuid, requireRole, requireUser, validationError, type FieldError, type Principal } from '@ticres/shared';
import { userNotFound } from '../domain/errors';
import { parseRole, ROLES, type Role } from '../domain/role';
import type { User } from '../domain/user';
import type { Clock } from './transactional';

export interface SetUserRolePorts {
  users: { updateRole(id: string, role: Role, at: Date): Promise<User | undefined> };
  now: Clock;
}

export type SetUserRole = (caller: Principal, input: { id: string; role: string }) => Promise<User>;

/**
 * Admin only. The new role shows in the user's next access token (at the latest after a refresh);
 * tokens already issued keep the old role until they expire.
 */
export function createSetUserRole({ users, now }: SetUserRolePorts): SetUserRole {
  return async (caller, { id, role }) => {
    requireUser(caller);
    requireRole(caller, 'admin');
    const parsedRole = parseRole(role);
    const problems: FieldError[] = [];
    if (!isUuid(id)) problems.push({ field: 'id', message: 'must be a UUID' });
    if (!parsedRole) problems.push({ field: 'role', message: `must be one of ${ROLES.join(', ')}` });
    if (!parsedRole || problems.length > 0) throw validationError(problems);
    const user = await users.updateRole(id, parsedRole, now());
    if (!user) throw userNotFound();
    return user;
  };
}
