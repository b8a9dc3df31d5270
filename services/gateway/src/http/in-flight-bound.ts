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
 * only the calls it may serve. The refusal's Retry-After is the one the service gave last for that
 * kind (how long its queue takes to drain), 1 s until it has given one.
 */
export function createInFlightBound(max: number, refusal: string): InFlightBound {
  let inFlight = 0;
  let retryAfterSeconds = 1;
  return {
    async run(call) {
      if (inFlight >= max) throw new OverloadedError(retryAfterSeconds, `${refusal} (too many in progress); try again later.`);
      inFlight += 1;
      try {
        return await call();
      } catch (error) {
        if (isOverloadedError(error)) retryAfterSeconds = error.retryAfterSeconds;
        throw error;
      } finally {
        inFlight -= 1;
      }
    },
  };
}
