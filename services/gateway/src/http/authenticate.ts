import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError, parseBearer, requireRole, requireUser, type Principal, type TokenVerifier } from '@ticres/shared';

/** The verified caller of an authenticated route, with the raw token to forward to services. */
export interface Caller {
  principal: Principal;
  token: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export type AuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

const unauthenticated = () => new AppError('UNAUTHENTICATED', 'A valid access token is required.');

/**
 * `authenticate` verifies the Bearer access token here, at the edge (pinned algorithm, iss, aud,
 * exp, known kid), before any service is called on the caller's behalf, and refuses a service's
 * own token (role `service`) with 401: it proves a service, not a person; `requireAdmin` then
 * checks the role. Both run as onRequest hooks: a request without the right to be served is
 * refused before its body is read or validated.
 */
export function createAuthHooks(verifier: TokenVerifier): { authenticate: AuthHook; requireAdmin: AuthHook } {
  return {
    async authenticate(request, reply) {
      const token = parseBearer(request.headers.authorization);
      try {
        if (!token) throw unauthenticated();
        const principal = await verifier.verify(token);
        requireUser(principal);
        request.caller = { principal, token };
      } catch (error) {
        // RFC 6750: a 401 for a protected resource names the scheme it expects.
        if (isAppError(error) && error.code === 'UNAUTHENTICATED') {
          reply.header('www-authenticate', 'Bearer realm="ticres"');
        }
        throw error;
      }
    },
    async requireAdmin(request) {
      requireRole(callerOf(request).principal, 'admin');
    },
  };
}

/** The caller `authenticate` verified; a route that forgot the hook fails closed (401). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw unauthenticated();
  return request.caller;
}
