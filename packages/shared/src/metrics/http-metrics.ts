import { Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from './metrics-registry';

/** The route label of a request no route matched: raw URLs never become label values. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * HTTP RED per route: `ticres_http_request_duration_seconds{method, route, status_code}`, whose
 * `_count` is the request rate and, with `status_code=~"5.."`, the error rate. `route` is the
 * route's pattern (`/api/v1/bookings/:id`), never the URL.
 */
export type HttpMetrics = Histogram<'method' | 'route' | 'status_code'>;

export function createHttpMetrics(registry: Registry): HttpMetrics {
  return new Histogram({
    name: 'ticres_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
}
