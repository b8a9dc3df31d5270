import { STATUS_CODES } from 'node:http';
import type { ErrorCode } from '@ticres/shared';
import type { FastifySchema, RouteOptions } from 'fastify';
import type { AuthHook } from './authenticate';
import { ref } from './components';
import { HTTP_STATUS_BY_CODE, PROBLEM_CONTENT_TYPE, toProblem } from './problem';
import { problemSchema } from './schemas';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * The codes the services behind the route can answer with (NOT_FOUND, SEAT_UNAVAILABLE, the
     * RATE_LIMITED of a write, counted by the service that owns it, ...).
     * The rest follows from the route itself (see `documentErrors`).
     */
    errors?: readonly ErrorCode[];
  }
}

/** The hooks whose refusals a route's document lists. */
export interface GuardHooks {
  authenticate: AuthHook;
  requireAdmin: AuthHook;
}

const BEARER = [{ bearerAuth: [] }];

const retryAfter = {
  type: 'integer',
  minimum: 1,
  description: 'Seconds to wait before trying again.',
} as const;

/** 429 always says when to come back; a 503 does when the service knows (it refused before doing anything). */
const HEADERS_BY_STATUS: Record<number, object> = { 429: { 'Retry-After': retryAfter }, 503: { 'Retry-After': retryAfter } };

const hooksOf = (route: RouteOptions): unknown[] => [route.onRequest, route.preHandler].flat().filter(Boolean);

/** Every code a route can answer with: its own, its input's, its guards' and the ones any call to a service can give. */
export function errorCodesOf(route: RouteOptions, guards: GuardHooks): ErrorCode[] {
  const schema: FastifySchema = route.schema ?? {};
  const hooks = hooksOf(route);
  const codes = new Set<ErrorCode>(schema.errors ?? []);
  if (schema.body || schema.querystring || schema.params || schema.headers) codes.add('VALIDATION_FAILED');
  if (schema.body) for (const code of ['MALFORMED_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const) codes.add(code);
  if (hooks.includes(guards.authenticate)) codes.add('UNAUTHENTICATED').add('TOKEN_REVOKED');
  if (hooks.includes(guards.requireAdmin)) codes.add('FORBIDDEN');
  for (const code of ['INTERNAL', 'UNAVAILABLE', 'OVERLOADED'] as const) codes.add(code);
  return [...codes];
}

/** One problem+json response per status, naming each code it can carry, with an example of each. */
export function problemResponses(codes: readonly ErrorCode[]): Record<string, object> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = HTTP_STATUS_BY_CODE[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, object> = {};
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[status] = {
      description: `${STATUS_CODES[status]}: ${statusCodes.join(', ')}.`,
      ...(HEADERS_BY_STATUS[status] ? { headers: HEADERS_BY_STATUS[status] } : {}),
      content: {
        [PROBLEM_CONTENT_TYPE]: {
          schema: {
            allOf: [ref(problemSchema), { type: 'object', properties: { code: { type: 'string', enum: statusCodes } } }],
          },
          examples: Object.fromEntries(
            statusCodes.map((code) => {
              const problem = toProblem(code, '');
              return [code, { summary: problem.title, value: { ...problem, detail: `${problem.title}.` } }];
            }),
          ),
        },
      },
    };
  }
  return responses;
}

/**
 * A transform of @fastify/swagger that completes each route's document from the route itself:
 * `security` from its `authenticate` hook (`[]` on a public route), and for API routes the error
 * responses of `errorCodesOf`, so the document lists a 401 exactly where the hook can refuse one.
 * Only the document gets them: every problem is the same shape, answered without a per-status
 * serializer, so the routes start as fast as before.
 */
export function describeRoute(guards: GuardHooks) {
  return ({ schema, url, route }: { schema: FastifySchema; url: string; route: RouteOptions }) => {
    if (!schema || schema.hide) return { schema, url };
    const security = hooksOf(route).includes(guards.authenticate) ? BEARER : [];
    const errors = url.startsWith('/api/') ? problemResponses(errorCodesOf(route, guards)) : {};
    return { url, schema: { ...schema, security, response: { ...(schema.response as object), ...errors } } };
  };
}
