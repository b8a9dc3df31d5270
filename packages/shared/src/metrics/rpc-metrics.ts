import * as grpc from '@grpc/grpc-js';
import { Counter, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from './metrics-registry';

/**
 * gRPC server metrics, RED per method: `ticres_grpc_server_handled_total{grpc_service,
 * grpc_method, grpc_code}` counts answered calls by status name (`OK`, `NOT_FOUND`, `INTERNAL`,
 * ...), `ticres_grpc_server_handling_seconds{grpc_service, grpc_method}` times them. Health
 * checks are not counted.
 */
export interface RpcMetrics {
  handled: Counter<'grpc_service' | 'grpc_method' | 'grpc_code'>;
  handling: Histogram<'grpc_service' | 'grpc_method'>;
}

export function createRpcMetrics(registry: Registry): RpcMetrics {
  return {
    handled: new Counter({
      name: 'ticres_grpc_server_handled_total',
      help: 'gRPC calls answered, by method and status code.',
      labelNames: ['grpc_service', 'grpc_method', 'grpc_code'],
      registers: [registry],
    }),
    handling: new Histogram({
      name: 'ticres_grpc_server_handling_seconds',
      help: 'Time from a gRPC call reaching its handler to its answer, by method.',
      labelNames: ['grpc_service', 'grpc_method'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
  };
}

/** Status code -> its name as a label value (`OK`, `RESOURCE_EXHAUSTED`, ...). */
const codeName = (code: grpc.status | undefined): string => grpc.status[code ?? grpc.status.OK] ?? 'UNKNOWN';

/**
 * Wraps every (unary) method of a service implementation to count and time its calls. The label
 * children of a method are looked up once here, so a call costs a clock read, one counter
 * increment and one histogram observation.
 */
export function instrumentRpcs(
  service: string,
  implementation: grpc.UntypedServiceImplementation,
  metrics: RpcMetrics,
): grpc.UntypedServiceImplementation {
  const instrumented: grpc.UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(implementation)) {
    const unary = handler as grpc.handleUnaryCall<unknown, unknown>;
    const timer = metrics.handling.labels(service, method);
    const handledByCode = new Map<string, Counter.Internal>();
    const countAnswer = (code: string) => {
      let counter = handledByCode.get(code);
      if (!counter) handledByCode.set(code, (counter = metrics.handled.labels(service, method, code)));
      counter.inc();
    };
    instrumented[method] = ((call, callback) => {
      const started = process.hrtime.bigint();
      let answered = false;
      unary(call, (error, value, trailer, flags) => {
        if (!answered) {
          answered = true;
          timer.observe(Number(process.hrtime.bigint() - started) / 1e9);
          countAnswer(codeName(error?.code));
        }
        callback(error, value, trailer, flags);
      });
    }) satisfies grpc.handleUnaryCall<unknown, unknown>;
  }
  return instrumented;
}
