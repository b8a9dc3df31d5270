import type { Logger } from '@ticres/shared';

export type Warn = (error: unknown, message: string) => void;

/**
 * A warning that reaches the log at most once per `intervalMs` for each message, with the number
 * of repeats it swallowed: with Redis down every request fails over, and one line per request
 * would drown the log. Messages are throttled apart, so a flood of one hides no other.
 */
export function createThrottledWarning(logger: Logger, intervalMs: number, now: () => number = Date.now): Warn {
  const byMessage = new Map<string, { loggedAt: number; suppressed: number }>();
  return (error, message) => {
    const at = now();
    const state = byMessage.get(message);
    if (state && at - state.loggedAt < intervalMs) {
      state.suppressed += 1;
      return;
    }
    logger.warn({ err: error, suppressed: state?.suppressed ?? 0 }, message);
    byMessage.set(message, { loggedAt: at, suppressed: 0 });
  };
}
