import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { createHttpMetrics, MetricsRegistry, type Logger, type TokenVerifier } from '@ticres/shared';
import type { AuthClient } from './auth-client';
import type { BookingClient } from './booking-client';
import type { CatalogClient } from './catalog-client';
import type { GatewayConfig } from './config';
import type { Readiness } from './health/readiness';
import { createAuthHooks } from './http/authenticate';
import type { RevocationCheck } from './http/revocation-check';
import { logEachResponse } from './http/access-log';
import { measureEachRequest } from './http/request-metrics';
import { answerClientError, answerEveryRequest } from './http/client-errors';
import { closeConnectionsOnShutdown } from './http/connection-close';
import { registerCors } from './http/cors';
import { registerErrorHandlers, replyToFrameworkError } from './http/error-handler';
import { registerSecurityHeaders } from './http/security-headers';
import { registerPublicCache } from './http/public-cache';
import { generateRequestId, registerRequestId } from './http/request-id';
import { registerRequestDeadline } from './http/request-deadline';
import { createValidatorCompiler } from './http/validation';
import { createInFlightBound } from './http/in-flight-bound';
import { ownTokenFrom } from './http/own-token';
import type { PaymentClient } from './payment-client';
import { adminBookingsRoutes } from './routes/admin-bookings.routes';
import { adminEventsRoutes } from './routes/admin-events.routes';
import { adminRefundsRoutes } from './routes/admin-refunds.routes';
import { adminUsersRoutes } from './routes/admin-users.routes';
import { API_SCHEMAS, registerApiSchemas } from './routes/api-schemas';
import { authRoutes } from './routes/auth.routes';
import { bookingsRoutes } from './routes/bookings.routes';
import { registerDocs } from './routes/docs';
import { eventAvailabilityRoutes } from './routes/event-availability.routes';
import { eventsRoutes } from './routes/events.routes';
import { healthRoutes } from './routes/health.routes';
import { meRoutes } from './routes/me.routes';
import { paymentsRoutes } from './routes/payments.routes';

export type AppConfig = Pick<
  GatewayConfig,
  | 'BODY_LIMIT_BYTES'
  | 'TRUST_PROXY'
  | 'PASSWORD_CALLS_MAX_IN_FLIGHT'
  | 'GRPC_DEADLINE_MS'
  | 'PUBLIC_CACHE_TTL_MS'
  | 'PUBLIC_CACHE_MAX_ENTRIES'
  | 'HTTP_MAX_HEADER_BYTES'
  | 'HTTP_REQUEST_TIMEOUT_MS'
  | 'CORS_ORIGINS'
  | 'DOCS_ENABLED'
>;

export interface AppDeps {
  config: AppConfig;
  logger: Logger;
  auth: AuthClient;
  /** The gateway's own token from auth (GATEWAY_SERVICE_SECRET): it vouches for the client address of a login, a sign-up or a hold. */
  gatewayToken: () => Promise<string>;
  catalog: CatalogClient;
  booking: BookingClient;
  payment: PaymentClient;
  verifier: TokenVerifier;
  isRevoked: RevocationCheck;
  readiness: Readiness;
  /** Where the HTTP request metrics are registered; by default a registry nobody reads. */
  metrics?: MetricsRegistry;
}

/** The HTTP gateway, ready to `listen` (main.ts) or to `inject` into (tests). */
export async function buildApp({
  config,
  logger,
  auth,
  gatewayToken,
  catalog,
  booking,
  payment,
  verifier,
  isRevoked,
  readiness,
  metrics = new MetricsRegistry(),
}: AppDeps): Promise<FastifyInstance> {
  // Typed as Fastify's logger interface so the instance is the plain FastifyInstance routes take.
  const loggerInstance: FastifyBaseLogger = logger;
  const app = Fastify({
    loggerInstance,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    // One access-log line per request (below) instead of Fastify's two; request_id on each line.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    genReqId: generateRequestId,
    http: { maxHeaderSize: config.HTTP_MAX_HEADER_BYTES },
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    // Errors before routing: the parser's on the socket, the router's as problems.
    clientErrorHandler: answerClientError,
    frameworkErrors: replyToFrameworkError,
  });
  registerRequestId(app);
  registerRequestDeadline(app, config.GRPC_DEADLINE_MS);
  answerEveryRequest(app.server);
  logEachResponse(app);
  measureEachRequest(app, createHttpMetrics(metrics));
  registerSecurityHeaders(app);
  closeConnectionsOnShutdown(app, () => readiness.isShuttingDown());
  registerCors(app, config.CORS_ORIGINS);
  registerPublicCache(app, { ttlMs: config.PUBLIC_CACHE_TTL_MS, maxEntries: config.PUBLIC_CACHE_MAX_ENTRIES });
  registerApiSchemas(app);
  app.setValidatorCompiler(createValidatorCompiler(API_SCHEMAS));
  // Only JSON bodies are accepted; text/plain would otherwise reach validation as a string.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('caller', null);
  registerErrorHandlers(app);

  const { authenticate, requireAdmin } = createAuthHooks({
    verifier,
    isRevoked,
    currentRole: async (token) => (await auth.GetUser({ id: '' }, { token })).role,
  });
  const ownToken = ownTokenFrom(gatewayToken);
  const passwordCalls = createInFlightBound(config.PASSWORD_CALLS_MAX_IN_FLIGHT, 'Too many logins and sign-ups at once');
  // Before any route; each route's security and error responses in the document follow from these hooks.
  if (config.DOCS_ENABLED) await registerDocs(app, { authenticate, requireAdmin });

  await app.register(healthRoutes(readiness));
  await app.register(
    async (api) => {
      await api.register(authRoutes({ auth, ownToken, passwordCalls }));
      await api.register(meRoutes({ auth, authenticate }));
      await api.register(adminUsersRoutes({ auth, authenticate, requireAdmin }));
      await api.register(eventsRoutes({ catalog, booking, authenticate }));
      await api.register(eventAvailabilityRoutes({ catalog, booking }));
      await api.register(adminEventsRoutes({ catalog, authenticate, requireAdmin }));
      await api.register(bookingsRoutes({ booking, authenticate, ownToken }));
      await api.register(paymentsRoutes({ booking, payment, authenticate }));
      await api.register(adminBookingsRoutes({ booking, catalog, authenticate, requireAdmin }));
      await api.register(adminRefundsRoutes({ payment, authenticate, requireAdmin }));
    },
    { prefix: '/api/v1' },
  );
  return app;
}
