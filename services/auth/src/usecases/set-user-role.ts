import { isUuid, requireRole, requireUser, validationError, type FieldError, type Principal } from '@ticres/shared';
import { userNotFound } from '../domain/errors';
import { parseRole, ROLES, type Role } from '../domain/role';
import type { User } from '../domain/user';
import type { RevocationRecord } from './revocation-record';
import type { Clock } from './transactional';

export interface SetUserRolePorts {
  /** Raises the user's token version when the role changes. */
  users: { updateRole(id: string, role: Role, at: Date): Promise<User | undefined> };
  revocations: Pick<RevocationRecord, 'raiseMinimumVersion'>;
  now: Clock;
}

export type SetUserRole = (caller: Principal, input: { id: string; role: string }) => Promise<User>;

/**
 * Admin only (the caller as auth's records know it now: see check-access-token). A change of role
 * revokes the user's access tokens at once, everywhere: the user's next refresh carries the new
 * role. Recording the revocation comes after the commit, so a failure there (UNAVAILABLE) leaves
 * the role changed; the admin's retry records it again.
 */
export function createSetUserRole({ users, revocations, now }: SetUserRolePorts): SetUserRole {
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
    await revocations.raiseMinimumVersion(user.id, user.tokenVersion);
    return user;
  };
}
