import type { FastifyPluginAsync } from 'fastify';
import type { AuthClient } from '../auth-client';
import { callerOf, type AuthHook } from '../http/authenticate';
import { bearerSecurity, dataOf, problemResponses, userSchema } from '../http/schemas';
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
          summary: 'The calling user',
          security: bearerSecurity,
          response: { 200: dataOf(userSchema), ...problemResponses },
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
