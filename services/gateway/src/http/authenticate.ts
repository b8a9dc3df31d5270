import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError, parseBearer, requireRole, requireUser, type Principal, type TokenVerifier } from '@ticres/shared';
import type { RevocationCheck } from './revocation-check';

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
const forbidden = () => new AppError('FORBIDDEN', 'You are not allowed to do this.');

export interface AuthHooksDeps {
  verifier: TokenVerifier;
  /** The revocation record (Redis): logouts and role changes, seen within its cache bound. */
  isRevoked: RevocationCheck;
  /** The caller's role by auth's database now (auth's GetUser with the caller's token). */
  currentRole: (token: string) => Promise<string>;
}

/**
 * `authenticate` verifies the Bearer access token here, at the edge (pinned algorithm, iss, aud,
 * exp, known kid), before any service is called on the caller's behalf, refuses a service's own
 * token (role `service`) with 401 (it proves a service, not a person) and a revoked one with 401
 * TOKEN_REVOKED. `requireAdmin` then checks the token's role and, since admin routes are rare and
 * powerful, asks auth for the caller's role now: a demoted or logged-out admin is refused the
 * moment auth has committed the change, whatever Redis says, and with auth unreachable the route
 * fails (503) rather than trust the token. Both run as onRequest hooks: a request without the
 * right to be served is refused before its body is read or validated.
 */
export function createAuthHooks({ verifier, isRevoked, currentRole }: AuthHooksDeps): { authenticate: AuthHook; requireAdmin: AuthHook } {
  return {
    async authenticate(request, reply) {
      const token = parseBearer(request.headers.authorization);
      try {
        if (!token) throw unauthenticated();
        const principal = await verifier.verify(token);
        requireUser(principal);
        await isRevoked(principal);
        request.caller = { principal, token };
      } catch (error) {
        // RFC 6750: a 401 for a protected resource names the scheme it expects.
        if (isAppError(error) && (error.code === 'UNAUTHENTICATED' || error.code === 'TOKEN_REVOKED')) {
          reply.header('www-authenticate', 'Bearer realm="ticres"');
        }
        throw error;
      }
    },
    async requireAdmin(request) {
      const { principal, token } = callerOf(request);
      requireRole(principal, 'admin');
      if ((await currentRole(token)) !== 'admin') throw forbidden();
    },
  };
}

/** The caller `authenticate` verified; a route that forgot the hook fails closed (401). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw unauthenticated();
  return request.caller;
}
