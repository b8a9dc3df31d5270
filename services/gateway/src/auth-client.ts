import type { ChannelCredentials } from '@grpc/grpc-js';
import { createGrpcClient, loadProto, type GrpcClient, type PromiseClient } from '@ticres/shared';
import type { AuthProto, authV1 } from '@ticres/proto';

/** The auth service as the routes see it: promise methods, deadline and token forwarding built in. */
export type AuthClient = PromiseClient<authV1.AuthServiceClient>;

export function createAuthClient(address: string, deadlineMs: number, credentials?: ChannelCredentials): GrpcClient<authV1.AuthServiceClient> {
  const proto = loadProto<AuthProto>('auth');
  return createGrpcClient(proto.ticres.auth.v1.AuthService, address, deadlineMs, credentials);
}
