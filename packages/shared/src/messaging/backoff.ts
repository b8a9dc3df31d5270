/** Exponential backoff: `baseMs * 2^attempt`, capped at `maxMs`. `attempt` counts from 0. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
}

/**
 * Waits `ms`, or less if `signal` aborts. Never rejects: callers that stop early check their own
 * state afterwards, which keeps shutdown paths free of AbortError handling.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * A sleep that other code can cut short: `wait(ms)` resolves after `ms` or at the next `ring()`.
 * A ring while nobody waits is remembered, so a wake-up that arrives mid-round is not lost.
 */
export interface Alarm {
  ring(): void;
  wait(ms: number): Promise<void>;
}

export function createAlarm(): Alarm {
  let rung = false;
  let wakeWaiter: (() => void) | undefined;
  return {
    ring() {
      rung = true;
      wakeWaiter?.();
    },
    async wait(ms) {
      if (!rung) {
        const controller = new AbortController();
        wakeWaiter = () => controller.abort();
        await sleep(ms, controller.signal);
        wakeWaiter = undefined;
      }
      rung = false;
    },
  };
}
