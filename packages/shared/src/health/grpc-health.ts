import type { Logger } from 'pino';
import type { RunningGrpcServer } from '../grpc/server';
import { drainStep, type OpenedParts } from '../shutdown';
import { startDependencyMonitor } from './dependency-monitor';
import type { DependencyProbe } from './dependency-probes';

/** The service's settings that govern its health checks and shutdown (see config.ts). */
export interface GrpcHealthSettings {
  HEALTH_CHECK_INTERVAL_MS: number;
  SHUTDOWN_DRAIN_MS: number;
  /**
   * What the drain leaves of it, halved, is how long the calls in flight may take to finish
   * before they are cut off, so the loops, the broker and the pool still fit.
   */
  SHUTDOWN_TIMEOUT_MS: number;
}

export interface GrpcHealthOptions {
  /** What the service cannot work without: its database, its broker. */
  probes: DependencyProbe[];
  settings: GrpcHealthSettings;
  logger: Logger;
}

/**
 * Keeps the server's `grpc.health.v1` status truthful: NOT_SERVING while a probe fails (the
 * gateway's /readyz then fails, a Kubernetes grpc probe takes the pod out of its Service), SERVING
 * once every one passes again. Adds the server's shutdown to `parts`, which runs newest first:
 * NOT_SERVING for good, stop checking, wait SHUTDOWN_DRAIN_MS while callers notice, then finish the calls
 * in flight and stop.
 */
export async function superviseGrpcServer(server: RunningGrpcServer, parts: OpenedParts, { probes, settings, logger }: GrpcHealthOptions): Promise<void> {
  const stopTimeoutMs = Math.floor((settings.SHUTDOWN_TIMEOUT_MS - settings.SHUTDOWN_DRAIN_MS) / 2);
  parts.add({ name: 'grpc', run: () => server.shutdown(stopTimeoutMs) }, drainStep(settings.SHUTDOWN_DRAIN_MS));
  const monitor = await startDependencyMonitor({
    probes,
    intervalMs: settings.HEALTH_CHECK_INTERVAL_MS,
    logger,
    onChange: (healthy) => server.setServing(healthy),
  });
  parts.add({ name: 'health checks', run: () => monitor.stop() }, { name: 'health', run: () => server.markNotServing() });
}
