import * as grpc from '@grpc/grpc-js';
import type { AuthProto } from '@ticres/proto';
import pino from 'pino';
import { AppError } from '../errors';
import { DEADLINE_HEADER } from './caller-deadline';
import { createGrpcClient } from './client';
import { loadProto } from './load';
import { startGrpcServer, unary, type RunningGrpcServer } from './server';
import { MAX_LISTED_FIELDS } from './status';

/** A field key cut off in the middle of its varint: protobuf cannot decode it. */
const TRUNCATED = Buffer.from([0xff, 0xff]);
/** `id: "abc"`, a valid GetUserRequest. */
const VALID = Buffer.from([0x0a, 0x03, 0x61, 0x62, 0x63]);
/** `id: "many"`: the handler refuses it with thousands of bad fields. */
const MANY_FIELDS = Buffer.from([0x0a, 0x04, 0x6d, 0x61, 0x6e, 0x79]);

/** What reaches a client over a real connection from a service started with startGrpcServer. */
describe('startGrpcServer, over the wire', () => {
  const { AuthService } = loadProto<AuthProto>('auth').ticres.auth.v1;
  const getUser = AuthService.service.GetUser;
  const handled: unknown[] = [];
  /** The deadline the handler saw for each call. */
  const deadlines: number[] = [];
  /** The deadline each call's client stated in its metadata. */
  const stated: number[] = [];
  let server: RunningGrpcServer;
  let client: grpc.Client;

  beforeAll(async () => {
    const handler = unary(pino({ level: 'silent' }), async (request: { id: string }, call) => {
      handled.push(request);
      deadlines.push(call.deadline);
      stated.push(Number(call.metadata.get(DEADLINE_HEADER)[0]));
      if (request.id !== 'many') return { id: request.id, name: '', email: '', role: 'customer', created_at: '' };
      const fields = Array.from({ length: 2_000 }, (_, i) => ({ field: `sections[${i}].seats_per_row`, message: 'must be an integer from 1 to 500' }));
      throw new AppError('VALIDATION_FAILED', 'The request has invalid fields.', fields);
    });
    server = await startGrpcServer('127.0.0.1:0', [
      { name: 'ticres.auth.v1.AuthService', definition: AuthService.service, implementation: { GetUser: handler } },
    ]);
    client = new grpc.Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await server.shutdown(1_000);
  });
  beforeEach(() => {
    handled.length = 0;
    deadlines.length = 0;
    stated.length = 0;
  });

  it('states its own deadline to the server beside grpc-timeout, so the server counts from it (callerDeadline)', async () => {
    const grpcClient = createGrpcClient(AuthService, `127.0.0.1:${server.port}`, 5_000);
    try {
      const before = Date.now();
      await grpcClient.call.GetUser({ id: 'abc' });
      const after = Date.now();
      expect(stated).toHaveLength(1);
      expect(stated[0]).toBeGreaterThanOrEqual(before + 5_000);
      expect(stated[0]).toBeLessThanOrEqual(after + 5_000);
      expect(deadlines[0]).toBeLessThanOrEqual(stated[0]!);
    } finally {
      grpcClient.close();
    }
  });

  const call = (bytes: Buffer) =>
    new Promise<grpc.ServiceError | null>((resolve) => {
      client.makeUnaryRequest(
        getUser.path,
        (b: Buffer) => b,
        getUser.responseDeserialize,
        bytes,
        new grpc.Metadata(),
        {},
        (error) => resolve(error ?? null),
      );
    });

  it('refuses a request that is no valid message INVALID_ARGUMENT MALFORMED_REQUEST (grpc-js alone answers INTERNAL), without running the handler', async () => {
    const error = await call(TRUNCATED);
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.metadata.get('ticres-code')).toEqual(['MALFORMED_REQUEST']);
    expect(handled).toEqual([]);
  });

  it('passes a valid message to the handler, decoded', async () => {
    await expect(call(VALID)).resolves.toBeNull();
    expect(handled).toEqual([{ id: 'abc' }]);
  });

  it('lists the first fields of a refusal with thousands, and the connection serves the next call', async () => {
    const error = await call(MANY_FIELDS);
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    const fields = JSON.parse(String(error?.metadata.get('ticres-fields')[0])) as unknown[];
    expect(fields).toHaveLength(MAX_LISTED_FIELDS);
    expect(fields[0]).toEqual({ field: 'sections[0].seats_per_row', message: 'must be an integer from 1 to 500' });
    await expect(call(VALID)).resolves.toBeNull();
  });
});
