import * as grpc from '@grpc/grpc-js';
import type { AuthProto } from '@ticres/proto';
import { loadProto } from './load';
import { startGrpcServer, type RunningGrpcServer } from './server';

/** A field key cut off in the middle of its varint: protobuf cannot decode it. */
const TRUNCATED = Buffer.from([0xff, 0xff]);
/** `id: "abc"`, a valid GetUserRequest. */
const VALID = Buffer.from([0x0a, 0x03, 0x61, 0x62, 0x63]);

describe('a request that is no valid message, sent to a service started with startGrpcServer', () => {
  const { AuthService } = loadProto<AuthProto>('auth').ticres.auth.v1;
  const getUser = AuthService.service.GetUser;
  const handled: unknown[] = [];
  let server: RunningGrpcServer;
  let client: grpc.Client;

  beforeAll(async () => {
    const implementation: grpc.UntypedServiceImplementation = {
      GetUser: ((call, callback) => {
        handled.push(call.request);
        callback(null, { id: 'abc', name: '', email: '', role: 'customer', created_at: '' });
      }) satisfies grpc.handleUnaryCall<unknown, unknown>,
    };
    server = await startGrpcServer('127.0.0.1:0', [{ name: 'ticres.auth.v1.AuthService', definition: AuthService.service, implementation }]);
    client = new grpc.Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await server.shutdown(1_000);
  });

  const call = (bytes: Buffer) =>
    new Promise<grpc.ServiceError | null>((resolve) => {
      client.makeUnaryRequest(getUser.path, (b: Buffer) => b, getUser.responseDeserialize, bytes, new grpc.Metadata(), {}, (error) => resolve(error ?? null));
    });

  it('is refused INVALID_ARGUMENT with MALFORMED_REQUEST (grpc-js alone answers INTERNAL), without reaching the handler', async () => {
    const error = await call(TRUNCATED);
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.metadata.get('ticres-code')).toEqual(['MALFORMED_REQUEST']);
    expect(handled).toEqual([]);
  });

  it('while a valid message still reaches the handler, decoded', async () => {
    await expect(call(VALID)).resolves.toBeNull();
    expect(handled).toEqual([{ id: 'abc' }]);
  });
});
