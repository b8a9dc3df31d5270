import { isOverloadedError, OverloadedError } from '@ticres/shared';

/** Calls of one kind this gateway has sent and not yet had answered, bounded. */
export interface InFlightBound {
  /** Makes `call`, or refuses at once with OverloadedError, never calling it, while the bound is reached. */
  run<T>(call: () => Promise<T>): Promise<T>;
}

/**
 * Load shedding at the edge: past `max` calls of a kind in flight, the service behind could only
 * refuse the next one too (its queue is full), so the gateway refuses it itself, without the gRPC
 * round trip, in a fraction of a millisecond. A burst of hundreds at once then costs the service
 * only the calls it may serve. The refusal's Retry-After is what is left of the one the service
 * gave last for that kind (how long its queue took to drain then), at least 1 s.
 */
export function createInFlightBound(max: number, refusal: string, now: () => number = Date.now): InFlightBound {
  let inFlight = 0;
  let drainedAt = 0;
  const retryAfterSeconds = () => Math.max(1, (drainedAt - now()) / 1_000);
  return {
    async run(call) {
      if (inFlight >= max) throw new OverloadedError(retryAfterSeconds(), `${refusal} (too many in progress); try again later.`);
      inFlight += 1;
      try {
        return await call();
      } catch (error) {
        if (isOverloadedError(error)) drainedAt = now() + error.retryAfterSeconds * 1_000;
        throw error;
      } finally {
        inFlight -= 1;
      }
    },
  };
}
