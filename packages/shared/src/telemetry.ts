import type { Instrumentation } from '@opentelemetry/instrumentation';
import { ConfigError } from './config';

export interface Telemetry {
  shutdown(): Promise<void>;
}

/**
 * The libraries a service can have traced, each by its own OpenTelemetry instrumentation. RabbitMQ
 * is not among them: the broker and the inbox consumer make the producer and consumer spans
 * themselves (messaging/trace-context.ts), after the current messaging conventions.
 */
export type TracedLibrary = 'http' | 'grpc' | 'pg' | 'ioredis';

/** Paths that probes and scrapers call every few seconds: a trace each would bury the real ones. */
const UNTRACED_HTTP_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Each instrumentation, loaded only when asked for. Queries and commands are traced only inside a
 * trace (`requireParentSpan`): the outbox relay's and the health check's polling would otherwise
 * make a trace of a single span every second. Health checks between services are not traced either.
 */
const INSTRUMENTATIONS: Record<TracedLibrary, () => Instrumentation> = {
  http: () => {
    const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
    return new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => UNTRACED_HTTP_PATHS.has((request.url ?? '').split('?')[0]!),
    });
  },
  grpc: () => {
    const { GrpcInstrumentation } = require('@opentelemetry/instrumentation-grpc') as typeof import('@opentelemetry/instrumentation-grpc');
    // grpc.health.v1.Health's methods; no TicRes service has a method of either name.
    return new GrpcInstrumentation({ ignoreGrpcMethods: ['Check', 'Watch'] });
  },
  pg: () => {
    const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
    return new PgInstrumentation({ requireParentSpan: true });
  },
  ioredis: () => {
    const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
    return new IORedisInstrumentation({ requireParentSpan: true });
  },
};

export interface TelemetryOptions {
  /** `service.name` of every span. */
  service: string;
  /** The libraries this service uses and wants spans of; nothing else is loaded or patched. */
  traced: TracedLibrary[];
  /**
   * Instrumentations of the service's own (e.g. `@fastify/otel` in the gateway). A factory, not a
   * list, because constructing an instrumentation enables it at once: with tracing off, none is
   * created and nothing is patched.
   */
  extraInstrumentations?: () => Instrumentation[];
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set: spans of the `traced` libraries, the W3C
 * trace-context propagator, and an OTLP/HTTP (JSON) exporter to `<endpoint>/v1/traces`. Traces
 * only: no metrics or logs go to the endpoint. `OTEL_RESOURCE_ATTRIBUTES` adds resource attributes
 * (e.g. the pod name) and `OTEL_BSP_*` tune the batching, as the specification names them.
 *
 * Call it from a service's first import (`src/instrumentation.ts`), before pg, ioredis, grpc or
 * fastify are loaded, or their spans are lost. With tracing off it loads no SDK, exporter or
 * instrumentation module.
 */
export function startTelemetry({ service, traced, extraInstrumentations = () => [], env = process.env }: TelemetryOptions): Telemetry {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return { shutdown: async () => undefined };
  if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) {
    throw new ConfigError([`OTEL_EXPORTER_OTLP_ENDPOINT: expected an http(s) URL`]);
  }
  // Loaded only now: a process with tracing off never needs the SDK.
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { detectResources, envDetector, resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { BatchSpanProcessor, NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');

  const resource = detectResources({ detectors: [envDetector] }).merge(resourceFromAttributes({ 'service.name': service }));
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter)] });
  provider.register();
  const disable = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [...traced.map((library) => INSTRUMENTATIONS[library]()), ...extraInstrumentations()],
  });
  return {
    async shutdown() {
      disable();
      await provider.shutdown();
    },
  };
}
