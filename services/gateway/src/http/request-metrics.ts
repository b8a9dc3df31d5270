import { UNMATCHED_ROUTE, type HttpMetrics } from '@ticres/shared';
import type { FastifyInstance } from 'fastify';

/**
 * Times each answered request into `ticres_http_request_duration_seconds`, labelled with the
 * route's pattern (`/api/v1/bookings/:id`), never the URL, so an id or a scanner's random path
 * cannot grow the series without bound; a request no route matched counts as `unmatched`.
 */
export function measureEachRequest(app: FastifyInstance, metrics: HttpMetrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observe(
      { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1_000,
    );
    done();
  });
}
