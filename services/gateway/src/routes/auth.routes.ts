import type { FastifyPluginAsync } from 'fastify';
import { isAppError, isOverloadedError } from '@ticres/shared';
import type { AuthClient } from '../auth-client';
import { ref } from '../http/components';
import { tokenPairResponse, userResponse } from '../http/schemas';
import type { LoginGuard, LoginReservation } from '../rate-limit/login-guard';
import type { RegistrationGuard } from '../rate-limit/registration-guard';

declare module 'fastify' {
  interface FastifyRequest {
    loginReservation: LoginReservation | null;
  }
}
import { loginBody, refreshTokenBody, registerBody } from './auth.schemas';
import { presentTokens, presentUser } from './present';

export interface AuthRoutesDeps {
  auth: AuthClient;
  loginGuard: LoginGuard;
  registrationGuard: RegistrationGuard;
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
export function authRoutes({ auth, loginGuard, registrationGuard }: AuthRoutesDeps): FastifyPluginAsync {
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
      async (request, reply) => {
        const { name, email, password } = request.body;
        const reservation = await registrationGuard.reserve(request.ip);
        try {
          const user = await auth.Register({ name, email, password });
          return reply.code(201).send({ data: presentUser(user) });
        } catch (error) {
          // Auth did nothing for it (refused under load, or did not answer): it uses up no sign-up.
          if (isOverloadedError(error) || (isAppError(error) && error.code === 'UNAVAILABLE')) await reservation.release();
          throw error;
        }
      },
    );

    app.post<{ Body: LoginBody }>(
      '/login',
      {
        schema: {
          tags,
          operationId: 'login',
          summary: 'Exchange email and password for tokens',
          description: 'Failed logins are limited per client IP and per account; past the limit: 429.',
          body: ref(loginBody),
          response: { 200: { description: 'A new token pair', ...ref(tokenPairResponse) } },
          errors: ['INVALID_CREDENTIALS', 'RATE_LIMITED'],
        },
        // preHandler, not onRequest: the account limit needs the parsed, validated email.
        preHandler: async (request) => {
          request.loginReservation = await loginGuard.reserve({ ip: request.ip, email: request.body.email });
        },
      },
      async (request) => {
        const { email, password } = request.body;
        try {
          const tokens = await auth.Login({ email, password });
          await request.loginReservation?.release();
          return { data: presentTokens(tokens) };
        } catch (error) {
          // Only wrong credentials keep their place in the counters.
          if (!isAppError(error) || error.code !== 'INVALID_CREDENTIALS') await request.loginReservation?.release();
          throw error;
        }
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
