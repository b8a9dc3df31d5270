import type { Logger } from 'pino';
import { startGrpcServer, type GrpcServerOptions, type GrpcServiceBinding, type RunningGrpcServer } from '../grpc/server';
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

export interface GrpcServiceSettings extends GrpcHealthSettings {
  GRPC_BIND: string;
  GRPC_MAX_IN_FLIGHT: number;
}

export interface ServeGrpcServiceOptions extends GrpcHealthOptions, Omit<GrpcServerOptions, 'maxInFlight'> {
  settings: GrpcServiceSettings;
}

/**
 * How every service serves its one gRPC service: on GRPC_BIND, at most GRPC_MAX_IN_FLIGHT calls at
 * once, its health kept truthful and its shutdown added to `parts` (superviseGrpcServer).
 */
export async function serveGrpcService(service: GrpcServiceBinding, parts: OpenedParts, options: ServeGrpcServiceOptions): Promise<RunningGrpcServer> {
  const { settings, credentials, metrics } = options;
  const server = await startGrpcServer(settings.GRPC_BIND, [service], { maxInFlight: settings.GRPC_MAX_IN_FLIGHT, credentials, metrics });
  await superviseGrpcServer(server, parts, options);
  return server;
}
