import { isIP } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation, type ServingStatusMap } from 'grpc-health-check';
import type { Logger } from 'pino';
import { withCallDeadline } from '../admission/call-deadline';
import { OverloadedError } from '../admission/overloaded-error';
import { parseBearer } from '../auth/token-verifier';
import { isDatabaseUnavailable, isDataException } from '../db/database-errors';
import { AppError, isAppError } from '../errors';
import { REQUEST_ID_HEADER, withRequestId } from '../request-id';
import { UnavailableError } from '../unavailable-error';
import { createRpcMetrics, instrumentRpcs } from '../metrics/rpc-metrics';
import type { Registry } from 'prom-client';
import { callerDeadline, DEADLINE_HEADER } from './caller-deadline';
import { limitInFlight, type InFlightLimit } from './in-flight-limit';
import { internalServiceError, toServiceError } from './status';
import { refuseUndecodableRequests } from './undecodable-requests';

/** What a handler knows about its call besides the request. */
export interface CallContext {
  /** The caller's access token from the `authorization` metadata, if any. */
  token: string | undefined;
  metadata: grpc.Metadata;
  /**
   * When the caller stops waiting (epoch ms, from the call's `grpc-timeout` and the caller's own
   * deadline, see `callerDeadline`); Infinity when it set none. Work that cannot finish by then
   * should not start. The database pool honours it by itself.
   */
  deadline: number;
  /** The caller's IP address as the connection shows it (`addressOfPeer`); empty for a Unix socket. */
  callerAddress: string;
}

/**
 * The call's deadline as epoch ms (grpc-js gives a number, Infinity for none, or a Date), brought
 * forward to the caller's own when the call took a while to reach us (`callerDeadline`).
 */
function deadlineOf(call: grpc.ServerUnaryCall<unknown, unknown>): number {
  const deadline = call.getDeadline();
  return callerDeadline(deadline instanceof Date ? deadline.getTime() : deadline, call.metadata.get(DEADLINE_HEADER)[0]);
}

/** An address and its port, optionally after the `ipv4:` / `ipv6:` scheme of older grpc-js releases. */
const PEER = /^(?:ipv[46]:)?\[?([^\[\]]+?)\]?:\d+$/;

/**
 * The IP address of a gRPC peer: grpc-js 1.14 names it `127.0.0.1:53412` or `::1:53412` (IPv6
 * without brackets), older releases `ipv4:10.0.0.7:53412` or `ipv6:[2001:db8::1]:53412`; each is
 * read. Empty for any other kind of peer (a Unix socket), so per-address limits never key on a
 * socket path.
 */
export function addressOfPeer(peer: string): string {
  const address = PEER.exec(peer)?.[1] ?? '';
  return isIP(address) === 0 ? '' : address;
}

function bearerToken(metadata: grpc.Metadata): string | undefined {
  const value = metadata.get('authorization')[0];
  return parseBearer(typeof value === 'string' ? value : undefined);
}

/**
 * Seconds a caller is asked to wait after the database was out of reach: about the time a
 * PostgreSQL restart or a failover takes to accept connections again.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/**
 * Adapts an async handler to grpc-js: domain errors become their status (the one table), a lost
 * or unreachable database UNAVAILABLE with a retry-after hint (503 at the gateway, the request may
 * be sent again), anything else is logged and answered as INTERNAL without its text. A call whose deadline has
 * passed on arrival is refused (OVERLOADED) without running the handler; otherwise the handler runs
 * with the deadline in its context and as the call deadline (`currentCallDeadline`), and as done for
 * the request id in the `x-request-id` metadata (logged as `request_id`, passed on by its own calls).
 */
export function unary<Request, Response>(
  logger: Logger,
  handler: (request: Request, context: CallContext) => Promise<Response>,
): grpc.handleUnaryCall<Request, Response> {
  // The whole call runs as done for its request id, this edge's own log lines included: a
  // promise's callbacks keep the context they were attached in, not the one the work ran in.
  return (call, callback) => withRequestId(call.metadata.get(REQUEST_ID_HEADER)[0], () => serve(call, callback));

  function serve(call: grpc.ServerUnaryCall<Request, Response>, answer: grpc.sendUnaryData<Response>): void {
    const started = performance.now();
    // One debug line per call, as the gateway logs one per request: off unless LOG_LEVEL=debug.
    const callback: grpc.sendUnaryData<Response> = (error, response) => {
      logger.debug({ method: call.getPath(), code: error?.code ?? grpc.status.OK, ms: Math.round(performance.now() - started) }, 'gRPC call answered');
      answer(error, response);
    };
    const deadline = deadlineOf(call);
    // The caller has given up already (it waited in a queue before reaching us): do nothing for it.
    if (deadline <= Date.now()) {
      callback(toServiceError(new OverloadedError(1, 'The call reached the service after its deadline.')));
      return;
    }
    const context: CallContext = { token: bearerToken(call.metadata), metadata: call.metadata, deadline, callerAddress: addressOfPeer(call.getPeer()) };
    withCallDeadline(deadline, () => handler(call.request, context)).then(
      (response) => callback(null, response),
      (error: unknown) => {
        if (isAppError(error) && error.code !== 'INTERNAL') {
          callback(toServiceError(error));
          return;
        }
        if (isDataException(error)) {
          // Input the use case let through but Postgres cannot store (a NUL byte, an overflow).
          logger.warn({ err: error, method: call.getPath() }, 'gRPC request rejected by the database');
          callback(toServiceError(new AppError('VALIDATION_FAILED', 'A value in the request cannot be stored.')));
          return;
        }
        if (isDatabaseUnavailable(error)) {
          logger.warn({ err: error, method: call.getPath() }, 'database unavailable; answered UNAVAILABLE');
          callback(toServiceError(new UnavailableError(DATABASE_RETRY_AFTER_SECONDS, 'The service cannot reach its database; try again shortly.')));
          return;
        }
        logger.error({ err: error, method: call.getPath() }, 'gRPC handler failed');
        callback(internalServiceError());
      },
    );
  }
}

export interface GrpcServiceBinding {
  /** Full service name for health checks, e.g. `ticres.auth.v1.AuthService`. */
  name: string;
  definition: grpc.ServiceDefinition;
  implementation: grpc.UntypedServiceImplementation;
}

export interface RunningGrpcServer {
  port: number;
  /** The health status of every service: NOT_SERVING while a dependency is out of reach. */
  setServing(serving: boolean): void;
  /** Marks every service NOT_SERVING for good, so load balancers stop sending before shutdown. */
  markNotServing(): void;
  /** Finishes in-flight calls, then stops; forces after `timeoutMs`. */
  shutdown(timeoutMs: number): Promise<void>;
}

export interface GrpcServerOptions {
  /**
   * Calls worked on at once across the services (health checks aside); the next one is refused at
   * once with OVERLOADED (RESOURCE_EXHAUSTED and a retry-after hint). Default: no bound.
   */
  maxInFlight?: number;
  /** Plaintext unless given (see `grpcTransport`). */
  credentials?: grpc.ServerCredentials;
  /** Counts and times every call per method there (`createRpcMetrics`); health checks aside. */
  metrics?: Registry;
}

/** Binds the services plus `grpc.health.v1.Health` and starts serving. */
export async function startGrpcServer(
  bind: string,
  services: GrpcServiceBinding[],
  { maxInFlight = Infinity, credentials = grpc.ServerCredentials.createInsecure(), metrics }: GrpcServerOptions = {},
): Promise<RunningGrpcServer> {
  const server = new grpc.Server();
  // '' is the whole server's status, as grpc.health.v1 asks.
  const statuses: ServingStatusMap = { '': 'SERVING' };
  for (const service of services) statuses[service.name] = 'SERVING';
  const health = new HealthImplementation(statuses);
  health.addToServer(server);
  const limit: InFlightLimit = { max: maxInFlight, inFlight: 0 };
  const rpcMetrics = metrics && createRpcMetrics(metrics);
  for (const service of services) {
    const { definition, implementation: decoded } = refuseUndecodableRequests(service.definition, service.implementation);
    const limited = maxInFlight === Infinity ? decoded : limitInFlight(decoded, limit);
    // Outermost, so calls refused for overload are counted too.
    const implementation = rpcMetrics ? instrumentRpcs(service.name, limited, rpcMetrics) : limited;
    server.addService(definition, implementation);
  }

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(bind, credentials, (error, boundPort) => (error ? reject(error) : resolve(boundPort)));
  });

  const setStatus = (status: 'SERVING' | 'NOT_SERVING') => {
    for (const name of Object.keys(statuses)) health.setStatus(name, status);
  };
  let shuttingDown = false;
  return {
    port,
    setServing(serving) {
      if (!shuttingDown) setStatus(serving ? 'SERVING' : 'NOT_SERVING');
    },
    markNotServing() {
      shuttingDown = true;
      setStatus('NOT_SERVING');
    },
    shutdown(timeoutMs) {
      return new Promise((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, timeoutMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
