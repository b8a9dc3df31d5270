import type { FastifyInstance, FastifyReply } from 'fastify';

/** The API answers JSON only: nothing in it may run, load anything or be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Swagger UI at /docs: its scripts, styles and fonts from /docs itself, the inline styles its
 * components set, data: images (its icons), the OpenAPI document and "Try it out" calls to this
 * origin; never framed.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Sent with every answer, errors and the parser's own refusals included. */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': API_CSP,
  'cross-origin-resource-policy': 'same-origin',
} as const;

/**
 * Adds the security headers to every answer, and `Cache-Control: no-store` to every answer whose
 * route chose no cache policy of its own: tokens (register, login, refresh, logout), the caller's
 * own data and every error are never kept by a browser or a proxy. Public reads that may be
 * cached (event list, detail, seat map) set their own Cache-Control. A route may set its own CSP
 * (the docs do) and keeps it.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    withSecurityHeaders(reply);
    return payload;
  });
}

/**
 * The headers of `registerSecurityHeaders`, for an answer that bypasses the hooks: Fastify runs
 * no onSend hook for the router's own errors (`frameworkErrors`).
 */
export function withSecurityHeaders(reply: FastifyReply): FastifyReply {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (!reply.hasHeader(name)) reply.header(name, value);
  }
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  return reply;
}
