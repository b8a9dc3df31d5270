import type * as grpc from '@grpc/grpc-js';
import { AppError } from '../errors';
import { toServiceError } from './status';

/** What a request that is no valid message decodes to, for its handler to refuse. */
const UNDECODABLE = Symbol('undecodable request');

/**
 * The service with its requests that are no valid message of their type (bytes protobuf cannot
 * decode) answered INVALID_ARGUMENT `MALFORMED_REQUEST`, like any other bad input. grpc-js answers
 * a request its deserializer throws on with INTERNAL, a server fault, before any handler runs; so
 * the deserializer here yields a marker instead, and each handler refuses the marker.
 */
export function refuseUndecodableRequests(
  definition: grpc.ServiceDefinition,
  implementation: grpc.UntypedServiceImplementation,
): { definition: grpc.ServiceDefinition; implementation: grpc.UntypedServiceImplementation } {
  const tolerant: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(definition)) {
    tolerant[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer): unknown => {
        try {
          return method.requestDeserialize(bytes);
        } catch {
          return UNDECODABLE;
        }
      },
    };
  }
  const refusing: grpc.UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(implementation)) {
    const unary = handler as grpc.handleUnaryCall<unknown, unknown>;
    refusing[name] = ((call, callback) => {
      if (call.request === UNDECODABLE) {
        callback(toServiceError(new AppError('MALFORMED_REQUEST', 'The request is not a valid message of its type.')));
        return;
      }
      unary(call, callback);
    }) satisfies grpc.handleUnaryCall<unknown, unknown>;
  }
  return { definition: tolerant, implementation: refusing };
}
