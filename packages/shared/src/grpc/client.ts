import * as grpc from '@grpc/grpc-js';
import { currentCallDeadline } from '../admission/call-deadline';
import { currentRequestId, REQUEST_ID_HEADER } from '../request-id';
import { DEADLINE_HEADER } from './caller-deadline';
import { fromServiceError } from './status';

export interface CallOptions {
  /** Forwarded as `authorization: Bearer <token>` so the callee can verify the caller itself. */
  token?: string;
  /** Overrides the client's default deadline for this call. */
  deadlineMs?: number;
  /** More metadata for the callee, e.g. the end user's address (`CLIENT_ADDRESS_METADATA`). */
  metadata?: Readonly<Record<string, string>>;
}

/**
 * A generated gRPC client reduced to promise-returning methods. Type inference reads the last
 * overload of each generated method, `(argument, callback)`, which carries both message types.
 */
export type PromiseClient<Client> = {
  [Method in keyof Client as Method extends Capitalize<Method & string> ? Method : never]: Client[Method] extends (
    argument: infer Request,
    callback: grpc.requestCallback<infer Response>,
  ) => grpc.ClientUnaryCall
    ? (request: Request, options?: CallOptions) => Promise<Response>
    : never;
};

type RawUnary = (request: unknown, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<unknown>) => grpc.ClientUnaryCall;

export interface GrpcClient<Client> {
  call: PromiseClient<Client>;
  close(): void;
}

/**
 * Runs `start` with stack capture off. grpc-js records the caller's stack at the start of every
 * call, for the message of an error that fromServiceError replaces anyway: a cost on every call.
 */
function withoutStackTraces(start: () => void): void {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    start();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/**
 * Creates a client for one service where every call has a deadline (the default, or the deadline
 * of the call being served when that is sooner), carries the request id of the request being served
 * (`x-request-id`), and errors come back as the domain `AppError` the server raised.
 */
export function createGrpcClient<Client extends grpc.Client>(
  ServiceClient: (new (address: string, credentials: grpc.ChannelCredentials) => Client) & {
    service: grpc.ServiceDefinition;
  },
  address: string,
  defaultDeadlineMs: number,
  credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
): GrpcClient<Client> {
  const client = new ServiceClient(address, credentials);
  const call: Record<string, unknown> = {};
  for (const method of Object.keys(ServiceClient.service)) {
    const raw = (client as unknown as Record<string, RawUnary>)[method]!.bind(client);
    call[method] = (request: unknown, options: CallOptions = {}) =>
      new Promise((resolve, reject) => {
        const metadata = new grpc.Metadata();
        if (options.token) metadata.set('authorization', `Bearer ${options.token}`);
        for (const [key, value] of Object.entries(options.metadata ?? {})) metadata.set(key, value);
        const requestId = currentRequestId();
        if (requestId) metadata.set(REQUEST_ID_HEADER, requestId);
        // Inside a call, never past that call's own deadline: its caller will not wait longer.
        const deadline = new Date(Math.min(Date.now() + (options.deadlineMs ?? defaultDeadlineMs), currentCallDeadline()));
        metadata.set(DEADLINE_HEADER, String(deadline.getTime()));
        withoutStackTraces(() => raw(request, metadata, { deadline }, (error, response) => (error ? reject(fromServiceError(error)) : resolve(response))));
      });
  }
  return { call: call as PromiseClient<Client>, close: () => client.close() };
}
