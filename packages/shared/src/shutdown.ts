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
 * Undoes a start that failed halfway: runs the steps of what had started, newest first, ignoring
 * their errors, since the start's own error is the one to report.
 */
export async function unwindSteps(started: ShutdownStep[]): Promise<void> {
  for (const step of [...started].reverse()) {
    try {
      await step.run();
    } catch {
      // Keep unwinding.
    }
  }
}
