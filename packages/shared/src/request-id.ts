import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';

/**
 * The id of the client request some work is done for: the gateway's `X-Request-Id`, carried to the
 * services in gRPC metadata and to consumers in the outbox row's message headers, both under this
 * name, and logged as `request_id` by every service.
 */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What an incoming id may be: 1 to 128 letters, digits and `-_.:`, nothing that could forge a log line. */
const WELL_FORMED = /^[\w.:-]{1,128}$/;

export const isWellFormedRequestId = (value: unknown): value is string => typeof value === 'string' && WELL_FORMED.test(value);

/** The W3C `traceparent` header: version, trace id, parent id, flags. */
const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;

/**
 * The request id of an incoming HTTP request: its own `X-Request-Id` when well-formed, else the id
 * of the trace it is served in (with tracing on) or that its `traceparent` names, so the request id
 * finds the trace in Jaeger, else a random UUID.
 */
export function requestIdOf(headers: { [REQUEST_ID_HEADER]?: unknown; traceparent?: unknown }): string {
  const given = headers[REQUEST_ID_HEADER];
  if (isWellFormedRequestId(given)) return given;
  const served = trace.getActiveSpan()?.spanContext();
  if (served && trace.isSpanContextValid(served)) return served.traceId;
  const traceId = typeof headers.traceparent === 'string' ? TRACEPARENT.exec(headers.traceparent)?.[1] : undefined;
  return traceId && !/^0+$/.test(traceId) ? traceId : randomUUID();
}

const requestIds = new AsyncLocalStorage<string>();

/** Runs `work` as done for request `id` (when well-formed), so its logs and outgoing calls carry it. */
export function withRequestId<T>(id: unknown, work: () => T): T {
  return isWellFormedRequestId(id) ? requestIds.run(id, work) : work();
}

/** The id of the request this code runs for, if any. */
export function currentRequestId(): string | undefined {
  return requestIds.getStore();
}
