/**
 * Failures counted per key (a caller's address) in fixed windows: a key with `limit` failures in
 * its window is refused until the window ends. In this process only: each auth replica counts
 * its own callers.
 */
export interface FailureWindow {
  /** Milliseconds until `key` may try again, or 0. */
  blockedForMs(key: string): number;
  recordFailure(key: string): void;
}

export interface FailureWindowOptions {
  limit: number;
  windowMs: number;
  now?: () => number;
  /** Keys remembered at most; past it, those whose window has ended are forgotten. */
  maxKeys?: number;
}

export function createFailureWindow({ limit, windowMs, now = Date.now, maxKeys = 10_000 }: FailureWindowOptions): FailureWindow {
  const windows = new Map<string, { failures: number; endsAt: number }>();

  const current = (key: string) => {
    const window = windows.get(key);
    return window && window.endsAt > now() ? window : undefined;
  };

  const forgetEnded = () => {
    for (const [key, window] of windows) if (window.endsAt <= now()) windows.delete(key);
  };

  return {
    blockedForMs(key) {
      const window = current(key);
      return window && window.failures >= limit ? window.endsAt - now() : 0;
    },
    recordFailure(key) {
      const window = current(key);
      if (window) {
        window.failures += 1;
        return;
      }
      if (windows.size >= maxKeys) forgetEnded();
      windows.set(key, { failures: 1, endsAt: now() + windowMs });
    },
  };
}
