import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';

export interface ShutdownStep {
  name: string;
  run: () => Promise<void> | void;
}

/**
 * On SIGTERM or SIGINT, runs the steps in order (readiness off, stop accepting, drain, close
 * pools, flush telemetry) and exits. A step that fails is logged and the next still runs; the
 * whole sequence is bounded by `timeoutMs`, after which the process exits with code 1.
 */
export function handleShutdown(logger: Logger, timeoutMs: number, steps: ShutdownStep[]): void {
  let started = false;
  const shutdown = async (signal: string) => {
    if (started) return;
    started = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    for (const step of steps) {
      try {
        await step.run();
      } catch (error) {
        logger.error({ err: error, step: step.name }, 'shutdown step failed');
      }
    }
    logger.info('shutdown complete');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

/**
 * The pause between failing readiness and closing the server (SHUTDOWN_DRAIN_MS): load balancers
 * and Kubernetes endpoints take a moment to notice, and send requests meanwhile that must still be
 * served.
 */
export const drainStep = (drainMs: number): ShutdownStep => ({ name: 'drain', run: () => delay(drainMs) });

/** Runs steps in order, logging a step that fails and going on; later calls wait for the first run. */
export function runStepsOnce(steps: ShutdownStep[], logger: Logger): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () =>
    (running ??= (async () => {
      for (const step of steps) {
        try {
          await step.run();
        } catch (error) {
          logger.error({ err: error, step: step.name }, 'shutdown step failed');
        }
      }
    })());
}

/**
 * What a service's start function has opened so far. Parts close newest first: what started last
 * (the server, then its health status) stops first, and the pool opened first closes last. The
 * same order undoes a start that failed halfway.
 */
export interface OpenedParts {
  add(...steps: ShutdownStep[]): void;
  /** Newest first; a snapshot of what was added until now. */
  shutdownSteps(): ShutdownStep[];
  /** Runs `shutdownSteps()` once; later calls wait for the first. */
  close(): Promise<void>;
}

export function trackOpenedParts(logger: Logger): OpenedParts {
  const opened: ShutdownStep[] = [];
  let close: (() => Promise<void>) | undefined;
  const shutdownSteps = () => [...opened].reverse();
  return {
    add: (...steps) => void opened.push(...steps),
    shutdownSteps,
    close: () => (close ??= runStepsOnce(shutdownSteps(), logger))(),
  };
}
