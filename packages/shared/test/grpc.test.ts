import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath } from 'grpc-health-check';
import type { AuthProto, authV1 } from '@ticres/proto';
import pino from 'pino';
import { AppError, createGrpcClient, loadProto, startGrpcServer, unary, type RunningGrpcServer } from '../src';

const logger = pino({ level: 'silent' });
const proto = loadProto<AuthProto>('auth');
const AuthService = proto.ticres.auth.v1.AuthService;

const user = (id: string): authV1.User => ({ id, name: 'Ann', email: 'ann@example.com', role: 'customer', created_at: '2026-01-01T00:00:00.000Z' });

/** A throwaway implementation that exercises the helpers, not auth's rules. */
const handlers: Partial<authV1.AuthServiceHandlers> = {
  GetUser: unary(logger, async (request: authV1.GetUserRequest__Output, context) => {
    if (request.id === 'slow') await new Promise((resolve) => setTimeout(resolve, 300));
    if (request.id === 'missing') throw new AppError('NOT_FOUND', 'No such user.');
    if (request.id === 'crash') throw new Error('secret internal detail');
    return user(context.token ?? 'anonymous');
  }),
};

describe('gRPC helpers', () => {
  let server: RunningGrpcServer;
  let client: ReturnType<typeof createGrpcClient<authV1.AuthServiceClient>>;

  beforeAll(async () => {
    server = await startGrpcServer('127.0.0.1:0', [
      { name: 'ticres.auth.v1.AuthService', definition: AuthService.service, implementation: handlers as grpc.UntypedServiceImplementation },
    ]);
    client = createGrpcClient(AuthService, `127.0.0.1:${server.port}`, 1_000);
  });

  afterAll(async () => {
    client.close();
    await server.shutdown(1_000);
  });

  it('forwards the caller token in metadata', async () => {
    await expect(client.call.GetUser({ id: '' }, { token: 'abc.def.ghi' })).resolves.toMatchObject({ id: 'abc.def.ghi' });
    await expect(client.call.GetUser({ id: '' })).resolves.toMatchObject({ id: 'anonymous' });
  });

  it('brings a domain error back with its code', async () => {
    await expect(client.call.GetUser({ id: 'missing' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No such user.' });
  });

  it('answers a crash as INTERNAL without its text', async () => {
    const error = await client.call.GetUser({ id: 'crash' }).catch((e: AppError) => e);
    expect(error).toMatchObject({ code: 'INTERNAL' });
    expect(String((error as AppError).message)).not.toContain('secret');
  });

  it('enforces the deadline', async () => {
    await expect(client.call.GetUser({ id: 'slow' }, { deadlineMs: 50 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('serves grpc.health.v1 and reports NOT_SERVING once marked', async () => {
    const { HealthClient } = healthProto();
    const health = new HealthClient(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
    const check = () =>
      new Promise<string>((resolve, reject) =>
        health.check({ service: 'ticres.auth.v1.AuthService' }, (error: Error | null, response: { status: string }) =>
          error ? reject(error) : resolve(response.status),
        ),
      );
    expect(await check()).toBe('SERVING');
    server.markNotServing();
    expect(await check()).toBe('NOT_SERVING');
    health.close();
  });
});

function healthProto() {
  // grpc-health-check ships the proto; loading it here keeps the test a real client.
  const definition = grpc.loadPackageDefinition(protoLoader.loadSync(protoPath, { keepCase: true, enums: String }));
  const HealthClient = ((definition.grpc as grpc.GrpcObject).health as grpc.GrpcObject).v1 as grpc.GrpcObject;
  return { HealthClient: HealthClient.Health as unknown as HealthClientConstructor };
}

type HealthClientConstructor = new (
  address: string,
  credentials: grpc.ChannelCredentials,
) => grpc.Client & {
  check(request: { service: string }, callback: (error: Error | null, response: { status: string }) => void): void;
};
