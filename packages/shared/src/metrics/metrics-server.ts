import type { Registry } from 'prom-client';
import type { Logger } from '../logger';
import { startSideListener, type SideListener } from '../net/side-listener';

export type MetricsServer = SideListener;

export interface MetricsServerOptions {
  /** METRICS_BIND */
  host: string;
  /** METRICS_PORT; 0 picks a free one. */
  port: number;
  registry: Registry;
  logger: Logger;
}

/**
 * Serves `GET /metrics` (Prometheus text format) on a listener of its own, apart from the API, so
 * the metrics are never exposed where the API is and a scrape never queues behind API traffic.
 * Anything else is 404 (405 for another method).
 */
export function startMetricsServer({ host, port, registry, logger }: MetricsServerOptions): Promise<MetricsServer> {
  return startSideListener(host, port, (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') return void response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return void response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text),
      (error: unknown) => {
        logger.warn({ err: error }, 'metrics collection failed');
        response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed\n');
      },
    );
  });
}
