/** Where a caller stands in the current window. */
export interface WindowCount {
  count: number;
  /** Milliseconds until the window ends and the count starts again from zero. */
  resetInMs: number;
  /** Which window was counted, so the event can be taken back from that same window. */
  window: number;
}

/**
 * Counts events per `(scope, id)` in fixed windows aligned to the epoch, so every
 * replica agrees on where a window starts. Each implementation is given its window length.
 */
export interface FixedWindowCounter {
  /** Counts one more event and returns the new count. */
  increment(scope: string, id: string): Promise<WindowCount>;
  /** Takes back one event counted in `window` (never below zero; nothing once it has ended). */
  decrement(scope: string, id: string, window: number): Promise<void>;
}

export interface Window {
  /** Number of the window since the epoch; part of each key, so an old window's count is never read. */
  index: number;
  resetInMs: number;
}

export function windowAt(nowMs: number, windowMs: number): Window {
  const index = Math.floor(nowMs / windowMs);
  return { index, resetInMs: (index + 1) * windowMs - nowMs };
}
