import type { Logger } from './logger';

/** Logs a warning that callers can provoke at will. */
export type ThrottledWarning = (fields: Record<string, unknown>, message: string) => void;

/**
 * For warnings any caller can provoke at will (a direct caller naming a client address nobody
 * vouches for): each message is logged at most once per `intervalMs`, with how many like it were
 * left out since (told with the next one logged: the count of a last burst is not), so a flood of
 * such calls cannot flood the log. Messages are a fixed set chosen
 * by the code, never input, so remembering them is bounded.
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
