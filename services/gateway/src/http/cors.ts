import type { FastifyInstance } from 'fastify';
import { addVary } from './vary';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency';

const ALLOWED_METHODS = 'GET, POST, PUT, DELETE';
const ALLOWED_HEADERS = ['authorization', 'content-type', IDEMPOTENCY_KEY_HEADER, 'if-none-match'].join(', ');
/** Headers a browser script may read besides the safelisted ones. */
const EXPOSED_HEADERS = 'etag, retry-after';
/** How long a browser may reuse a preflight's answer. */
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * CORS for the browser front ends on `allowedOrigins` (exact `scheme://host[:port]`): their
 * requests get `Access-Control-Allow-Origin` with their own origin, and their preflights a 204.
 * Any other origin gets no CORS header, so the browser keeps the answer from its script. No
 * credentials mode: the API takes bearer tokens, not cookies. An empty list turns CORS off.
 */
export function registerCors(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  if (allowedOrigins.length === 0) return;
  const allowed = new Set(allowedOrigins);
  // onRequest, before the public cache answers from memory and before authentication refuses.
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined || !allowed.has(origin)) return;
    reply.header('access-control-allow-origin', origin);
    const preflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
    if (!preflight) {
      reply.header('access-control-expose-headers', EXPOSED_HEADERS);
      return;
    }
    return reply
      .code(204)
      .header('access-control-allow-methods', ALLOWED_METHODS)
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS)
      .send();
  });
  // The answer differs by Origin: no shared cache may give one origin's answer to another. Added
  // last, to whatever Vary the route set (the seat map varies by Accept-Encoding).
  app.addHook('onSend', async (_request, reply, payload) => {
    addVary(reply, 'origin');
    return payload;
  });
}
