import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { ConfigError } from './config';

export interface Telemetry {
  shutdown(): Promise<void>;
}

/** Instrumentations a service adds to the automatic ones (e.g. `@fastify/otel` in the gateway). */
export type ExtraInstrumentations = () => NonNullable<NodeSDKConfiguration['instrumentations']>;

/**
 * Starts tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set. Call it from a service's first import
 * (`src/instrumentation.ts`), before pg, ioredis, amqplib, grpc or fastify are loaded, or their
 * spans are lost.
 *
 * `extraInstrumentations` is a factory, not a list, because constructing an OpenTelemetry
 * instrumentation enables it at once: with tracing off, none is created and nothing is patched.
 */
export function startTelemetry(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
  extraInstrumentations: ExtraInstrumentations = () => [],
): Telemetry {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return { shutdown: async () => undefined };
  if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) {
    throw new ConfigError([`OTEL_EXPORTER_OTLP_ENDPOINT: expected an http(s) URL`]);
  }
  // Loaded only now: the SDK and its instrumentations are some 800 modules and tens of MB that a
  // process with tracing off never needs.
  const { getNodeAutoInstrumentations } = require('@opentelemetry/auto-instrumentations-node') as typeof import('@opentelemetry/auto-instrumentations-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({
    serviceName,
    traceExporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }),
    instrumentations: [
      getNodeAutoInstrumentations({
        '@opentelemetry/instrumentation-fs': { enabled: false },
        '@opentelemetry/instrumentation-dns': { enabled: false },
        '@opentelemetry/instrumentation-net': { enabled: false },
      }),
      ...extraInstrumentations(),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
