import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { describeRoute, type GuardHooks } from '../http/error-responses';
import { DOCS_CSP } from '../http/security-headers';

/** The document's top-level fields; its paths and schemas come from the routes. */
export const OPENAPI_DEFINITION = {
  openapi: '3.0.3',
  info: {
    title: 'TicRes API',
    version: '1.0.0',
    description:
      'Event ticketing. Success bodies are `{"data": ...}` (lists add `meta`). Errors are RFC 9457 ' +
      'application/problem+json with a stable machine `code`; each operation lists the codes it can answer with.',
    license: { name: 'Proprietary', url: 'https://ticres.example.com/terms' },
  },
  servers: [{ url: 'http://127.0.0.1:8080', description: 'A local stack (bash scripts/start.sh)' }],
  tags: [
    { name: 'auth', description: 'Sign-up, login and tokens' },
    { name: 'account', description: 'The caller’s own account' },
    { name: 'events', description: 'Browsing and publishing events' },
    { name: 'bookings', description: 'Holding seats' },
    { name: 'payments', description: 'Paying for a booking' },
    { name: 'admin', description: 'Admins only' },
    { name: 'health', description: 'Probes for orchestrators' },
  ],
  components: {
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  },
} as const;

/**
 * The OpenAPI 3 document, built from the route schemas themselves, so it cannot drift from what
 * the gateway validates and returns. Register before any route: swagger collects them as added.
 * Named schemas (`$id`) keep their name in `components.schemas`; `describeRoute` adds each
 * route's security and error responses.
 */
export async function registerDocs(app: FastifyInstance, guards: GuardHooks): Promise<void> {
  await app.register(swagger, {
    openapi: structuredClone(OPENAPI_DEFINITION) as never,
    transform: describeRoute(guards),
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CSP });

  app.get('/openapi.json', { schema: { hide: true }, logLevel: 'warn' }, async () => app.swagger());
}
