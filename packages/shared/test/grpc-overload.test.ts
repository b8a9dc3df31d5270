import * as grpc from '@grpc/grpc-js';
import type { AuthProto, authV1 } from '@ticres/proto';
import pino from 'pino';
import {
  createGrpcClient,
  createGrpcHealthClient,
  currentCallDeadline,
  loadProto,
  OverloadedError,
  startGrpcServer,
  unary,
  type RunningGrpcServer,
} from '../src';

const logger = pino({ level: 'silent' });
const AuthService = loadProto<AuthProto>('auth').ticres.auth.v1.AuthService;

const user = (id: string): authV1.User => ({ id, name: 'Ann', email: 'ann@example.com', role: 'customer', created_at: '2026-01-01T00:00:00.000Z' });

describe('gRPC server under load', () => {
  let server: RunningGrpcServer;
  let client: ReturnType<typeof createGrpcClient<authV1.AuthServiceClient>>;
  /** What a handler calls onward with: a default deadline far longer than the test's calls. */
  let onward: ReturnType<typeof createGrpcClient<authV1.AuthServiceClient>>;
  let address: string;
  const seen: { deadline: number; callDeadline: number }[] = [];
  const held: Array<() => void> = [];
  let started = 0;

  /** GetUser 'hold' waits until the test lets it go; anything else answers at once. */
  const handlers: Partial<authV1.AuthServiceHandlers> = {
    GetUser: unary(logger, async (request: authV1.GetUserRequest__Output, context) => {
      started += 1;
      seen.push({ deadline: context.deadline, callDeadline: currentCallDeadline() });
      if (request.id === 'hold') await new Promise<void>((resolve) => held.push(resolve));
      if (request.id === 'onward') await onward.call.GetUser({ id: 'inner' });
      return user(request.id);
    }),
  };

  beforeAll(async () => {
    server = await startGrpcServer(
      '127.0.0.1:0',
      [{ name: 'ticres.auth.v1.AuthService', definition: AuthService.service, implementation: handlers as grpc.UntypedServiceImplementation }],
      { maxInFlight: 2 },
    );
    address = `127.0.0.1:${server.port}`;
    client = createGrpcClient(AuthService, address, 5_000);
    onward = createGrpcClient(AuthService, address, 60_000);
  });

  afterAll(async () => {
    client.close();
    onward.close();
    await server.shutdown(1_000);
  });

  const waitForHeld = async (count: number) => {
    while (held.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('gives the handler the caller’s deadline, in its context and as the call deadline', async () => {
    seen.length = 0;
    const before = Date.now();
    await client.call.GetUser({ id: 'a' }, { deadlineMs: 3_000 });
    const [call] = seen;
    expect(call!.deadline).toBe(call!.callDeadline);
    expect(call!.deadline).toBeGreaterThan(before);
    expect(call!.deadline).toBeLessThanOrEqual(Date.now() + 3_000);
    expect(currentCallDeadline()).toBe(Infinity);
  });

  it('passes the deadline on: a call made while serving one never outlives it', async () => {
    seen.length = 0;
    await client.call.GetUser({ id: 'onward' }, { deadlineMs: 3_000 });
    const [outer, inner] = seen;
    // The same instant give or take gRPC's rounding of the timeout, not the onward client's 60 s.
    expect(Math.abs(inner!.deadline - outer!.deadline)).toBeLessThan(100);
  });

  it('refuses a call beyond the in-flight bound at once with OVERLOADED and a retry hint, without running it', async () => {
    const holding = [client.call.GetUser({ id: 'hold' }), client.call.GetUser({ id: 'hold' })];
    await waitForHeld(2);
    const startedBefore = started;

    const refused = await client.call.GetUser({ id: 'extra' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OverloadedError);
    expect(refused).toMatchObject({ code: 'OVERLOADED', retryAfterSeconds: 1 });
    expect(started).toBe(startedBefore);

    // Health checks are not counted: a full service still says it is alive.
    const health = createGrpcHealthClient(address, 1_000);
    await expect(health.check('ticres.auth.v1.AuthService')).resolves.toBe('SERVING');
    health.close();

    for (const release of held.splice(0)) release();
    await expect(Promise.all(holding)).resolves.toHaveLength(2);
    // The slots are given back: the next call is served.
    await expect(client.call.GetUser({ id: 'after' })).resolves.toMatchObject({ id: 'after' });
  });
});
