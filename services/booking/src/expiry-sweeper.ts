import type { Logger } from '@ticres/shared';

export interface ExpirySweeper {
  /** Stops the timer and waits for a sweep in flight, so the pool can close under none. */
  stop(): Promise<void>;
}

/**
 * Runs `sweep` every `intervalMs`, never two at once in this process (other replicas may sweep
 * at the same time: the sweep itself is safe with that). The timer is unref'd; a failed sweep is
 * logged and the next tick tries again.
 */
export function startExpirySweeper(sweep: () => Promise<unknown>, intervalMs: number, logger: Logger): ExpirySweeper {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = sweep()
      .then(() => undefined)
      .catch((error: unknown) => logger.error({ err: error }, 'hold expiry sweep failed'))
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
