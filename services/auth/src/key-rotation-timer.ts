import type { Logger } from '@ticres/shared';

export interface KeyRotationTimer {
  /** Stops the timer and waits for a rotation in flight, so the pool can close under none. */
  stop(): Promise<void>;
}

/** How often to check: a tenth of the rotation period, at most hourly. */
export function rotationCheckIntervalMs(rotationSeconds: number): number {
  return Math.min(rotationSeconds / 10, 3600) * 1000;
}

/**
 * Runs `rotate` every `intervalMs`. The timer is unref'd: it never keeps the process alive, and a
 * failed run is logged and retried at the next tick.
 */
export function startKeyRotationTimer(rotate: () => Promise<unknown>, intervalMs: number, logger: Logger): KeyRotationTimer {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = rotate()
      .then(() => undefined)
      .catch((error: unknown) => logger.error({ err: error }, 'signing key rotation failed'))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
