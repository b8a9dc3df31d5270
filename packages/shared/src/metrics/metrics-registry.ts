import { collectDefaultMetrics, Registry } from 'prom-client';

export { Registry as MetricsRegistry } from 'prom-client';
/** For a service's own (domain) metrics, so services need no prom-client of their own. */
export { Counter, Gauge, Histogram } from 'prom-client';

/** Every metric name of the project starts with this. */
export const METRIC_PREFIX = 'ticres_';

/**
 * A registry of one service's metrics: each series carries `service="<name>"`, and the process
 * metrics of prom-client come with it (CPU, memory, heap, GC, and the event-loop lag
 * `ticres_nodejs_eventloop_lag_seconds`, measured by Node's own `monitorEventLoopDelay`). One
 * registry per started service, never the global one, so a test can start a service twice.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return registry;
}

/** Latency buckets in seconds, from a cached read (1 ms) to a call near its deadline (10 s). */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
