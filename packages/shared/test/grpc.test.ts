import * as grpc from '@grpc/grpc-js';
import type { AuthProto, authV1 } from '@ticres/proto';
import pino from 'pino';
import { AppError, createGrpcClient, createGrpcHealthClient, loadProto, startGrpcServer, unary, type RunningGrpcServer } from '../src';

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
    if (request.id === 'nul') throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
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

  it('answers a Postgres data exception as VALIDATION_FAILED without its text', async () => {
    const error = await client.call.GetUser({ id: 'nul' }).catch((e: AppError) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(String((error as AppError).message)).not.toContain('0x00');
  });

  it('enforces the deadline', async () => {
    await expect(client.call.GetUser({ id: 'slow' }, { deadlineMs: 50 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('serves grpc.health.v1 and reports NOT_SERVING once marked', async () => {
    const health = createGrpcHealthClient(`127.0.0.1:${server.port}`, 1_000);
    expect(await health.check('ticres.auth.v1.AuthService')).toBe('SERVING');
    server.markNotServing();
    expect(await health.check('ticres.auth.v1.AuthService')).toBe('NOT_SERVING');
    health.close();
  });
});
