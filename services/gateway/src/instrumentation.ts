// Imported first by main.ts: tracing must patch http, grpc, ioredis and fastify before they load.
import { startTelemetry } from '@ticres/shared/telemetry';

export const telemetry = startTelemetry({
  service: 'gateway',
  traced: ['http', 'grpc', 'ioredis'],
  extraInstrumentations: () => {
    // Loaded only when tracing is on. Hooks every Fastify instance as it is created, so the app
    // needs no tracing code of its own.
    const { FastifyOtelInstrumentation } = require('@fastify/otel') as typeof import('@fastify/otel');
    return [new FastifyOtelInstrumentation({ registerOnInitialization: true })];
  },
});
