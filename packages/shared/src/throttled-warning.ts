import type { Logger } from './logger';

/** Logs a warning that may repeat at a high rate. */
export type ThrottledWarning = (fields: Record<string, unknown>, message: string) => void;

/**
 * For warnings that can come at the rate of requests: ones any caller can provoke at will (a
 * direct caller naming a client address nobody vouches for), or ones every request logs while a
 * dependency is down (catalog's cache with Redis out of reach). Each message is logged at most once
 * per `intervalMs`, with how many like it were left out since (told with the next one logged: the
 * count of a last burst is not); messages are throttled apart, so a flood of one hides no other.
 * Messages are a fixed set chosen by the code, never input, so remembering them is bounded.
 */
export function createThrottledWarning(logger: Logger, intervalMs = 60_000, now: () => number = Date.now): ThrottledWarning {
  const byMessage = new Map<string, { loggedAt: number; leftOut: number }>();
  return (fields, message) => {
    const at = now();
    const last = byMessage.get(message);
    if (last && at - last.loggedAt < intervalMs) {
      last.leftOut += 1;
      return;
    }
    logger.warn({ ...fields, ...(last && last.leftOut > 0 ? { left_out: last.leftOut } : {}) }, message);
    byMessage.set(message, { loggedAt: at, leftOut: 0 });
  };
}
