import type { Logger } from 'pino';

export interface PeriodicTask {
  /** Stops the timer and waits for a run in flight, so pools can close under none. */
  stop(): Promise<void>;
}

export interface PeriodicTaskOptions {
  /** Names the task in the log line of a failed run. */
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
  logger: Logger;
}

/**
 * Runs a background loop (key rotation, hold expiry, refund retries) every `intervalMs`, never two
 * runs at once in this process; other replicas may run it too, so the work itself must claim rows
 * safely. The timer is unref'd, and a failed run is logged and retried at the next tick.
 */
export function startPeriodicTask({ name, intervalMs, run, logger }: PeriodicTaskOptions): PeriodicTask {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = run()
      .then(() => undefined)
      .catch((error: unknown) => logger.error({ err: error, task: name }, `${name} failed`))
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
