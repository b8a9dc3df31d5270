import type { Logger } from 'pino';
import type { RunningGrpcServer } from '../grpc/server';
import { drainStep, type OpenedParts } from '../shutdown';
import { startDependencyMonitor } from './dependency-monitor';
import type { DependencyProbe } from './dependency-probes';

export interface GrpcHealthOptions {
  /** What the service cannot work without: its database, its broker. */
  probes: DependencyProbe[];
  /** HEALTH_CHECK_INTERVAL_MS */
  intervalMs: number;
  /** SHUTDOWN_DRAIN_MS */
  drainMs: number;
  /**
   * SHUTDOWN_TIMEOUT_MS: what the drain leaves of it, halved, is how long the calls in flight may
   * take to finish before they are cut off, so the loops, the broker and the pool still fit.
   */
  shutdownTimeoutMs: number;
  logger: Logger;
}

/**
 * Keeps the server's `grpc.health.v1` status truthful: NOT_SERVING while a probe fails (the
 * gateway's /readyz then fails, a Kubernetes grpc probe takes the pod out of its Service), SERVING
 * once every one passes again. Adds the server's shutdown to `parts`, which runs newest first:
 * NOT_SERVING for good, stop checking, wait `drainMs` while callers notice, then finish the calls
 * in flight and stop.
 */
export async function superviseGrpcServer(server: RunningGrpcServer, parts: OpenedParts, options: GrpcHealthOptions): Promise<void> {
  const stopTimeoutMs = Math.floor((options.shutdownTimeoutMs - options.drainMs) / 2);
  parts.add({ name: 'grpc', run: () => server.shutdown(stopTimeoutMs) }, drainStep(options.drainMs));
  const monitor = await startDependencyMonitor({
    probes: options.probes,
    intervalMs: options.intervalMs,
    logger: options.logger,
    onChange: (healthy) => server.setServing(healthy),
  });
  parts.add({ name: 'health checks', run: () => monitor.stop() }, { name: 'health', run: () => server.markNotServing() });
}
