import { authConfigShape, loadAuthConfig } from '@ticres/auth/dist/config';
import { bookingConfigShape, loadBookingConfig } from '@ticres/booking/dist/config';
import { catalogConfigShape, loadCatalogConfig } from '@ticres/catalog/dist/config';
import { gatewayConfigShape, loadGatewayConfig } from '@ticres/gateway/dist/config';
import { loadNotifierConfig, notifierConfigShape } from '@ticres/notifier/dist/config';
import { loadPaymentConfig, paymentConfigShape } from '@ticres/payment/dist/config';
import { z } from 'zod';

/** What a deployment must agree with: the variables a service reads, and its own validation. */
export interface ServiceConfig {
  shape: z.ZodRawShape;
  /** The service's own loader: defaults, cross-variable rules, production's secret checks. */
  load(env: NodeJS.ProcessEnv): Readonly<Record<string, unknown>>;
  /** gRPC services are probed with grpc.health.v1; the HTTP ones on /readyz at this variable's port. */
  readiness: { grpc: true } | { httpPortVariable: string };
  /** The METRICS_PORT the lead's conventions give it. */
  metricsPort: number;
}

export const SERVICE_CONFIGS: Readonly<Record<string, ServiceConfig>> = {
  gateway: { shape: gatewayConfigShape, load: loadGatewayConfig, readiness: { httpPortVariable: 'HTTP_PORT' }, metricsPort: 9450 },
  auth: { shape: authConfigShape, load: loadAuthConfig, readiness: { grpc: true }, metricsPort: 9451 },
  catalog: { shape: catalogConfigShape, load: loadCatalogConfig, readiness: { grpc: true }, metricsPort: 9452 },
  booking: { shape: bookingConfigShape, load: loadBookingConfig, readiness: { grpc: true }, metricsPort: 9453 },
  payment: { shape: paymentConfigShape, load: loadPaymentConfig, readiness: { grpc: true }, metricsPort: 9454 },
  notifier: { shape: notifierConfigShape, load: loadNotifierConfig, readiness: { httpPortVariable: 'NOTIFIER_HTTP_PORT' }, metricsPort: 9455 },
};

/** The services that own a schema, in the order the migration job migrates them. */
export const MIGRATED_SERVICES = ['auth', 'catalog', 'booking', 'payment', 'notifier'] as const;

/**
 * Variables fixed by the lead's conventions for the metrics and drain work (issue 12), which that
 * work adds to the services' shapes. A deployment may set them before a shape has them; once a
 * shape has one, it is checked against the shape like any other.
 */
export const CONVENTION_VARIABLES: readonly string[] = ['METRICS_PORT', 'METRICS_BIND', 'SHUTDOWN_DRAIN_MS'];

/** Read by libraries rather than a config shape (the OpenTelemetry SDK, Node itself). */
export const isProcessVariable = (name: string): boolean => name.startsWith('OTEL_') || name === 'NODE_OPTIONS';

/** Whether a service may be given `name`: its shape reads it, or it is a process or convention variable. */
export const isKnownVariable = (config: ServiceConfig, name: string): boolean =>
  name in config.shape || isProcessVariable(name) || CONVENTION_VARIABLES.includes(name);

/** The variables of a shape that have no default: a deployment must set them. */
export const requiredVariables = (config: ServiceConfig): string[] =>
  Object.entries(config.shape)
    .filter(([, schema]) => !z.safeParse(schema, undefined).success)
    .map(([name]) => name);
