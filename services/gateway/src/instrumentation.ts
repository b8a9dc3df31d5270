// Imported first by main.ts: tracing must patch http, grpc, ioredis and fastify before they load.
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { startTelemetry } from '@ticres/shared/telemetry';

export const telemetry = startTelemetry('gateway', process.env, () => [
  // Hooks every Fastify instance as it is created, so the app needs no tracing code of its own.
  new FastifyOtelInstrumentation({ registerOnInitialization: true }),
]);
