import type * as grpc from '@grpc/grpc-js';
import { OverloadedError } from '../admission/overloaded-error';
import { toServiceError } from './status';

/** Calls a service process works on at once, across its methods, and the bound on them. */
export interface InFlightLimit {
  readonly max: number;
  inFlight: number;
}

/**
 * Wraps every (unary) method of an implementation so that, with `limit.max` calls already in
 * flight, the next one is refused at once with OVERLOADED instead of joining an unbounded pile of
 * work that would finish after its callers gave up.
 */
export function limitInFlight(implementation: grpc.UntypedServiceImplementation, limit: InFlightLimit): grpc.UntypedServiceImplementation {
  const limited: grpc.UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(implementation)) {
    const unary = handler as grpc.handleUnaryCall<unknown, unknown>;
    limited[method] = ((call, callback) => {
      if (limit.inFlight >= limit.max) {
        callback(toServiceError(new OverloadedError(1, 'The service is busy (too many calls in progress); try again later.')));
        return;
      }
      limit.inFlight += 1;
      let answered = false;
      unary(call, (error, value, trailer, flags) => {
        if (!answered) {
          answered = true;
          limit.inFlight -= 1;
        }
        callback(error, value, trailer, flags);
      });
    }) satisfies grpc.handleUnaryCall<unknown, unknown>;
  }
  return limited;
}
