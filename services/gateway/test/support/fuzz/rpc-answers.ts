import * as grpc from '@grpc/grpc-js';
import { GRPC_STATUS_BY_CODE, type ErrorCode } from '@ticres/shared';
import { ECHO_MARK } from './hostile-values';
import type { RpcMethod } from './rpc-methods';

const CALL_TIMEOUT_MS = 20_000;

/** Statuses the gateway maps to a 4xx: the caller's request, not the service, is at fault. */
const CLIENT_FAULTS = new Set([
  grpc.status.INVALID_ARGUMENT,
  grpc.status.UNAUTHENTICATED,
  grpc.status.PERMISSION_DENIED,
  grpc.status.NOT_FOUND,
  grpc.status.ALREADY_EXISTS,
  grpc.status.ABORTED,
  grpc.status.RESOURCE_EXHAUSTED,
  grpc.status.FAILED_PRECONDITION,
]);

/** The outcome of one call: null for OK. */
export type RpcOutcome = grpc.ServiceError | null;

/** The request as protobuf.js would not serialize it (a wrong type it cannot convert): never sent. */
export const isUnsendable = (outcome: RpcOutcome): boolean =>
  outcome !== null && outcome.code === grpc.status.INTERNAL && outcome.details.startsWith('Request message serialization failure');

/** Calls `method` with `request` as is (an object, or bytes with `raw`), with `metadata`. */
export function callRpc(client: grpc.Client, method: RpcMethod, request: unknown, metadata: grpc.Metadata, raw = false): Promise<RpcOutcome> {
  const serialize = raw ? (bytes: Buffer) => bytes : method.definition.requestSerialize;
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      method.definition.path,
      serialize as (value: unknown) => Buffer,
      method.definition.responseDeserialize,
      request,
      metadata,
      { deadline: Date.now() + CALL_TIMEOUT_MS },
      (error) => resolve(error ?? null),
    );
  });
}

const describe = (method: RpcMethod, outcome: grpc.ServiceError, code: unknown, why: string) =>
  new Error(
    `${method.label}: ${why}: status ${grpc.status[outcome.code]} (${outcome.code}), ticres-code ${String(code)}, details ${JSON.stringify(outcome.details.slice(0, 300))}`,
  );

/**
 * What every call must end in: OK, or a status the gateway answers with a 4xx, carrying the
 * domain code that maps to it and repeating nothing of the request; or UNAVAILABLE with a
 * retry-after hint (the documented 503). Never INTERNAL or UNKNOWN. Throws, describing the call.
 */
export function checkRpcOutcome(method: RpcMethod, outcome: RpcOutcome): void {
  if (outcome === null) return;
  const code = outcome.metadata?.get('ticres-code')[0];
  const retryAfter = outcome.metadata?.get('ticres-retry-after')[0];
  if (outcome.code === grpc.status.UNAVAILABLE && code === 'UNAVAILABLE' && retryAfter) return;
  if (!CLIENT_FAULTS.has(outcome.code)) throw describe(method, outcome, code, 'a status that is no fault of the caller');
  if (typeof code !== 'string' || GRPC_STATUS_BY_CODE[code as ErrorCode] !== outcome.code) {
    throw describe(method, outcome, code, 'a status without the domain code that maps to it');
  }
  if (outcome.details.includes(ECHO_MARK)) throw describe(method, outcome, code, 'an error that echoes the request');
}
