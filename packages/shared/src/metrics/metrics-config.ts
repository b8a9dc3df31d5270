import { z } from 'zod';
import { env } from '../config';

/** The port each service serves `/metrics` on unless METRICS_PORT says otherwise. */
export const DEFAULT_METRICS_PORTS = {
  gateway: 9450,
  auth: 9451,
  catalog: 9452,
  booking: 9453,
  payment: 9454,
  notifier: 9455,
} as const;

export type MetricsService = keyof typeof DEFAULT_METRICS_PORTS;

/**
 * Variables of the metrics listener: Prometheus text on `http://METRICS_BIND:METRICS_PORT/metrics`.
 * Loopback by default, like GRPC_BIND; a container sets 0.0.0.0 so Prometheus can reach it.
 * METRICS_PORT=0 picks a free port (tests).
 */
export const metricsConfigShape = (service: MetricsService) => ({
  METRICS_PORT: env.int(0, 65_535).default(DEFAULT_METRICS_PORTS[service]),
  METRICS_BIND: z
    .string()
    .regex(/^[\w.:-]+$/, 'expected an address to listen on, e.g. 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
});
