import * as grpc from '@grpc/grpc-js';
import { service as healthService, type ServingStatus } from 'grpc-health-check';

export interface GrpcHealthClient {
  /**
   * Asks the server's `grpc.health.v1.Health/Check` about one service (`''` for the server as a
   * whole). Resolves its status; rejects when the server does not answer within the deadline.
   */
  check(serviceName: string): Promise<ServingStatus>;
  close(): void;
}

type CheckMethod = (
  request: { service: string },
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: grpc.requestCallback<{ status?: ServingStatus }>,
) => grpc.ClientUnaryCall;

/** A client for the standard health service, so a caller's readiness can include its dependencies. */
export function createGrpcHealthClient(
  address: string,
  deadlineMs: number,
  credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
): GrpcHealthClient {
  const HealthClient = grpc.makeGenericClientConstructor(healthService, 'grpc.health.v1.Health');
  const client = new HealthClient(address, credentials);
  const checkMethod = (client as unknown as { Check: CheckMethod }).Check.bind(client);
  return {
    check: (serviceName) =>
      new Promise((resolve, reject) => {
        const deadline = new Date(Date.now() + deadlineMs);
        checkMethod({ service: serviceName }, new grpc.Metadata(), { deadline }, (error, response) =>
          error ? reject(error) : resolve(response?.status ?? 'UNKNOWN'),
        );
      }),
    close: () => client.close(),
  };
}
