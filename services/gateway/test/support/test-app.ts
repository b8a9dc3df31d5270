import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createTokenVerifier, type MetricsRegistry } from '@ticres/shared';
import pino from 'pino';
import { buildApp, type AppConfig } from '../../src/app';
import type { AuthClient } from '../../src/auth-client';
import type { BookingClient } from '../../src/booking-client';
import type { CatalogClient } from '../../src/catalog-client';
import type { DependencyCheck } from '../../src/health/readiness';
import type { RevocationCheck } from '../../src/http/revocation-check';
import type { PaymentClient } from '../../src/payment-client';
import { fakeAuth, fakeBooking, fakeCatalog, fakePayment } from './fake-clients';
import { newSigningKey, signAccessToken, type Claims, type SigningKey } from './tokens';

/** The token auth gave the gateway, as the fake clients see it on a login, a sign-up and a hold. */
export const GATEWAY_TOKEN = 'gateway-service-token';

export const TEST_CONFIG: AppConfig = {
  BODY_LIMIT_BYTES: 4_096,
  TRUST_PROXY: false,
  PASSWORD_CALLS_MAX_IN_FLIGHT: 2,
  GRPC_DEADLINE_MS: 5_000,
  // Off: route specs change what the fakes answer between requests; public-cache.spec turns it on.
  PUBLIC_CACHE_TTL_MS: 0,
  PUBLIC_CACHE_MAX_ENTRIES: 100,
  HTTP_MAX_HEADER_BYTES: 16_384,
  HTTP_REQUEST_TIMEOUT_MS: 30_000,
  CORS_ORIGINS: [],
  DOCS_ENABLED: true,
};

export interface TestAppOptions {
  auth?: jest.Mocked<AuthClient>;
  catalog?: jest.Mocked<CatalogClient>;
  booking?: jest.Mocked<BookingClient>;
  payment?: jest.Mocked<PaymentClient>;
  checks?: DependencyCheck[];
  config?: Partial<AppConfig>;
  isRevoked?: RevocationCheck;
  /** Where the app registers its HTTP metrics. */
  metrics?: MetricsRegistry;
}

/** The gateway over fake gRPC clients, with a key that signs tokens it accepts. */
export interface TestApp {
  app: FastifyInstance;
  auth: jest.Mocked<AuthClient>;
  catalog: jest.Mocked<CatalogClient>;
  booking: jest.Mocked<BookingClient>;
  payment: jest.Mocked<PaymentClient>;
  key: SigningKey;
  state: { shuttingDown: boolean };
  /** An access token the app accepts, for a customer unless the claims say otherwise. */
  token(claims?: Claims): Promise<string>;
  /** `inject` with a JSON body (when given) and a bearer token (when given). */
  request(options: {
    method: InjectOptions['method'];
    url: string;
    body?: unknown;
    token?: string;
    headers?: Record<string, string>;
  }): Promise<LightMyRequestResponse>;
}

export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const key = await newSigningKey('k1');
  const state = { shuttingDown: false };
  const verifier = createTokenVerifier({
    issuer: 'ticres-auth',
    audience: 'ticres',
    algorithm: 'EdDSA',
    loadKeys: async () => [{ kid: 'k1', alg: 'EdDSA', public_key_pem: key.publicKeyPem, not_after: '2999-01-01T00:00:00Z' }],
  });
  // Admin routes re-check the caller with auth: by default auth knows the role the token carries.
  const auth =
    options.auth ??
    fakeAuth({
      GetUser: async (_request: unknown, call?: { token?: string }) => {
        const { userId, role } = await verifier.verify(call?.token);
        return { id: userId, name: 'Caller', email: 'caller@example.com', role, created_at: '2030-01-01T00:00:00.000Z' };
      },
    });
  const catalog = options.catalog ?? fakeCatalog();
  const booking = options.booking ?? fakeBooking();
  const payment = options.payment ?? fakePayment();
  const app = await buildApp({
    config: { ...TEST_CONFIG, ...options.config },
    logger: pino({ level: 'silent' }),
    auth,
    gatewayToken: async () => GATEWAY_TOKEN,
    catalog,
    booking,
    payment,
    verifier,
    isRevoked: options.isRevoked ?? (async () => undefined),
    readiness: { checks: options.checks ?? [], isShuttingDown: () => state.shuttingDown },
    metrics: options.metrics,
  });
  return {
    app,
    auth,
    catalog,
    booking,
    payment,
    key,
    state,
    token: (claims) => signAccessToken(key, claims),
    request: ({ method, url, body, token, headers = {} }) =>
      app.inject({
        method,
        url,
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
      }),
  };
}
