import { windowAt, type FixedWindowCounter } from './fixed-window-counter';

export interface MemoryCounterOptions {
  windowMs: number;
  now?: () => number;
}

/**
 * Counts in this process only: the fallback while Redis is unreachable, and a fake for tests.
 * Every count belongs to the current window, so the whole map is dropped when a window ends:
 * memory stays bounded by one window's callers.
 */
export function createMemoryCounter({ windowMs, now = Date.now }: MemoryCounterOptions): FixedWindowCounter {
  const counts = new Map<string, number>();
  let currentWindow = Number.NEGATIVE_INFINITY;

  function windowNow() {
    const window = windowAt(now(), windowMs);
    if (window.index !== currentWindow) {
      counts.clear();
      currentWindow = window.index;
    }
    return window;
  }

  const keyOf = (scope: string, id: string) => `${scope}\u0000${id}`;

  return {
    async increment(scope, id) {
      const { index, resetInMs } = windowNow();
      const key = keyOf(scope, id);
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return { count, resetInMs, window: index };
    },
    async decrement(scope, id, window) {
      if (windowNow().index !== window) return;
      const key = keyOf(scope, id);
      const count = counts.get(key) ?? 0;
      if (count > 0) counts.set(key, count - 1);
    },
  };
}
