import type { FastifyPluginAsync } from 'fastify';
import { CLIENT_ADDRESS_METADATA } from '@ticres/shared';
import type { AuthClient } from '../auth-client';
import { ref } from '../http/components';
import type { InFlightBound } from '../http/in-flight-bound';
import type { OwnToken } from '../http/own-token';
import { tokenPairResponse, userResponse } from '../http/schemas';
import { loginBody, refreshTokenBody, registerBody } from './auth.schemas';
import { presentTokens, presentUser } from './present';

export interface AuthRoutesDeps {
  auth: AuthClient;
  /** The gateway's own token, which makes auth believe the client address it names (login and sign-up limits). */
  ownToken: OwnToken;
  /** Logins and sign-ups in flight to auth, shed at the edge past their bound. */
  passwordCalls: InFlightBound;
}

interface RegisterBody {
  name: string;
  email: string;
  password: string;
}

interface LoginBody {
  email: string;
  password: string;
}

interface RefreshTokenBody {
  refresh_token: string;
}

const tags = ['auth'];

/** Public account routes: register, login, refresh, logout. */
export function authRoutes({ auth, ownToken, passwordCalls }: AuthRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: RegisterBody }>(
      '/register',
      {
        schema: {
          tags,
          operationId: 'register',
          summary: 'Create a customer account',
          description: 'Sign-ups are limited per client address; past the limit: 429 RATE_LIMITED with Retry-After.',
          body: ref(registerBody),
          response: { 201: { description: 'The new account', ...ref(userResponse) } },
          errors: ['EMAIL_TAKEN', 'RATE_LIMITED'],
        },
      },
      // Auth counts the sign-up under the client's address, which it believes on the gateway's token.
      async (request, reply) => {
        const { name, email, password } = request.body;
        const token = await ownToken(request);
        const user = await passwordCalls.run(() =>
          auth.Register({ name, email, password }, { token, metadata: { [CLIENT_ADDRESS_METADATA]: request.ip } }),
        );
        return reply.code(201).send({ data: presentUser(user) });
      },
    );

    app.post<{ Body: LoginBody }>(
      '/login',
      {
        schema: {
          tags,
          operationId: 'login',
          summary: 'Exchange email and password for tokens',
          description:
            'Failed logins are limited per (account, client address), per client address and per account; the last two ' +
            'spare addresses the account logged in from before. Past a limit: 429 RATE_LIMITED with Retry-After.',
          body: ref(loginBody),
          response: { 200: { description: 'A new token pair', ...ref(tokenPairResponse) } },
          errors: ['INVALID_CREDENTIALS', 'RATE_LIMITED'],
        },
      },
      // Auth counts the attempt under the client's address, which it believes on the gateway's token.
      async (request) => {
        const { email, password } = request.body;
        const token = await ownToken(request);
        const tokens = await passwordCalls.run(() => auth.Login({ email, password }, { token, metadata: { [CLIENT_ADDRESS_METADATA]: request.ip } }));
        return { data: presentTokens(tokens) };
      },
    );

    app.post<{ Body: RefreshTokenBody }>(
      '/refresh',
      {
        schema: {
          tags,
          operationId: 'refreshTokens',
          summary: 'Rotate a refresh token',
          description: 'A rotated refresh token used again revokes its whole family.',
          body: ref(refreshTokenBody),
          response: { 200: { description: 'A new token pair; the one sent is spent', ...ref(tokenPairResponse) } },
          errors: ['REFRESH_TOKEN_INVALID'],
        },
      },
      async (request) => ({
        data: presentTokens(await auth.Refresh({ refresh_token: request.body.refresh_token })),
      }),
    );

    app.post<{ Body: RefreshTokenBody }>(
      '/logout',
      {
        schema: {
          tags,
          operationId: 'logout',
          summary: "Revoke a refresh token's family",
          body: ref(refreshTokenBody),
          response: { 204: { description: 'Logged out', type: 'null' } },
        },
      },
      async (request, reply) => {
        await auth.Logout({ refresh_token: request.body.refresh_token });
        return reply.code(204).send();
      },
    );
  };
}
