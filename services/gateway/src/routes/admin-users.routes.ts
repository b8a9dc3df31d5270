import type { Role } from '@ticres/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { AuthClient } from '../auth-client';
import { callerOf, type AuthHook } from '../http/authenticate';
import { ref } from '../http/components';
import { idParams, userResponse, type IdParams } from '../http/schemas';
import { setRoleBody } from './auth.schemas';
import { presentUser } from './present';

export interface AdminUsersRoutesDeps {
  auth: AuthClient;
  authenticate: AuthHook;
  requireAdmin: AuthHook;
}

interface RoleBody {
  role: Role;
}

/** Admin management of accounts. */
export function adminUsersRoutes({ auth, authenticate, requireAdmin }: AdminUsersRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    app.put<{ Params: IdParams; Body: RoleBody }>(
      '/admin/users/:id/role',
      {
        schema: {
          tags: ['admin'],
          operationId: 'setUserRole',
          summary: "Change a user's role",
          description: 'The new role shows in the access tokens the user gets at their next login or refresh.',
          params: idParams,
          body: ref(setRoleBody),
          response: { 200: { description: 'The account with its new role', ...ref(userResponse) } },
          errors: ['NOT_FOUND', 'RATE_LIMITED'],
        },
        onRequest: [authenticate, requireAdmin],
      },
      async (request) => {
        const user = await auth.SetUserRole({ id: request.params.id, role: request.body.role }, { token: callerOf(request).token });
        return { data: presentUser(user) };
      },
    );
  };
}
