import type { FastifyPluginAsync } from 'fastify';
import type { AuthClient } from '../auth-client';
import { callerOf, type AuthHook } from '../http/authenticate';
import { ref } from '../http/components';
import { userResponse } from '../http/schemas';
import { presentUser } from './present';

export interface MeRoutesDeps {
  auth: AuthClient;
  authenticate: AuthHook;
}

/** The caller's own account. */
export function meRoutes({ auth, authenticate }: MeRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/me',
      {
        schema: {
          tags: ['account'],
          operationId: 'getMe',
          summary: 'The calling user',
          response: { 200: { description: 'The caller’s account', ...ref(userResponse) } },
        },
        onRequest: [authenticate],
      },
      async (request) => {
        // An empty id means "the caller"; auth reads who that is from the forwarded token.
        const user = await auth.GetUser({ id: '' }, { token: callerOf(request).token });
        return { data: presentUser(user) };
      },
    );
  };
}
