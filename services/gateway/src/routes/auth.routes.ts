import type { FastifyPluginAsync } from 'fastify';
import { isAppError, isOverloadedError } from '@ticres/shared';
import type { AuthClient } from '../auth-client';
import { USER_LIMITS } from '@ticres/shared/limits';
import { dataOf, problemResponses, tokenPairSchema, userSchema } from '../http/schemas';
import { singleLineText } from '../http/text-schemas';
import type { LoginGuard, LoginReservation } from '../rate-limit/login-guard';
import type { RegistrationGuard } from '../rate-limit/registration-guard';

declare module 'fastify' {
  interface FastifyRequest {
    loginReservation: LoginReservation | null;
  }
}
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

const registerBody = {
  type: 'object',
  required: ['name', 'email', 'password'],
  additionalProperties: false,
  properties: {
    name: singleLineText(1, USER_LIMITS.nameLength),
    email: { type: 'string', format: 'email', maxLength: USER_LIMITS.emailLength },
    // Characters here; auth also enforces the 72-byte bcrypt limit on the UTF-8 bytes.
    password: { type: 'string', minLength: 8, maxLength: 72 },
  },
} as const;

const loginBody = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: {
    // Bounded but not format-checked: a malformed email is just a failed login, like auth says.
    email: singleLineText(1, USER_LIMITS.emailLength),
    password: { type: 'string', minLength: 1, maxLength: 72 },
  },
} as const;

const refreshTokenBody = {
  type: 'object',
  required: ['refresh_token'],
  additionalProperties: false,
  properties: { refresh_token: { type: 'string', minLength: 1, maxLength: 512 } },
} as const;

const tags = ['auth'];

/** Public account routes: register, login, refresh, logout. */
export function authRoutes({ auth, loginGuard, registrationGuard }: AuthRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: RegisterBody }>(
      '/register',
      {
        schema: {
          tags,
          summary: 'Create a customer account',
          description: 'Sign-ups are limited per client address; past the limit: 429 RATE_LIMITED with Retry-After.',
          body: registerBody,
          response: { 201: dataOf(userSchema), ...problemResponses },
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
          summary: 'Exchange email and password for tokens',
          description: 'Failed logins are limited per client IP and per account; past the limit: 429.',
          body: loginBody,
          response: { 200: dataOf(tokenPairSchema), ...problemResponses },
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
          summary: 'Rotate a refresh token',
          description: 'A rotated refresh token used again revokes its whole family.',
          body: refreshTokenBody,
          response: { 200: dataOf(tokenPairSchema), ...problemResponses },
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
          summary: "Revoke a refresh token's family",
          body: refreshTokenBody,
          response: { 204: { description: 'Logged out', type: 'null' }, ...problemResponses },
        },
      },
      async (request, reply) => {
        await auth.Logout({ refresh_token: request.body.refresh_token });
        return reply.code(204).send();
      },
    );
  };
}
