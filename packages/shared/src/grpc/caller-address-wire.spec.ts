import { networkInterfaces } from 'node:os';
import * as grpc from '@grpc/grpc-js';
import type { AuthProto } from '@ticres/proto';
import pino from 'pino';
import { loadProto } from './load';
import { startGrpcServer, unary, type CallContext, type RunningGrpcServer } from './server';

/** A machine without IPv6 loopback cannot run the IPv6 case: it is reported skipped, not passed. */
const hasIpv6Loopback = Object.values(networkInterfaces()).some((addresses) => addresses?.some((address) => address.address === '::1'));

/** The caller's address a handler sees over a real connection, as grpc-js names the peer today. */
describe('CallContext.callerAddress, over the wire', () => {
  const { AuthService } = loadProto<AuthProto>('auth').ticres.auth.v1;
  const seen: string[] = [];
  const servers: RunningGrpcServer[] = [];

  const serve = async (bind: string) => {
    const handler = unary(pino({ level: 'silent' }), async (request: { id: string }, context: CallContext) => {
      seen.push(context.callerAddress);
      return { id: request.id, name: '', email: '', role: 'customer', created_at: '' };
    });
    const server = await startGrpcServer(bind, [
      { name: 'ticres.auth.v1.AuthService', definition: AuthService.service, implementation: { GetUser: handler } },
    ]);
    servers.push(server);
    return server.port;
  };

  const callFrom = async (target: string) => {
    const client = new AuthService(target, grpc.credentials.createInsecure());
    try {
      await new Promise<void>((resolve, reject) => client.GetUser({ id: 'x' }, (error) => (error ? reject(error) : resolve())));
    } finally {
      client.close();
    }
  };

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.shutdown(1_000)));
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it('is the IPv4 address of a caller over IPv4', async () => {
    const port = await serve('127.0.0.1:0');
    await callFrom(`127.0.0.1:${port}`);
    expect(seen).toEqual(['127.0.0.1']);
  });

  (hasIpv6Loopback ? it : it.skip)('is the IPv6 address of a caller over IPv6', async () => {
    const port = await serve('[::1]:0');
    await callFrom(`[::1]:${port}`);
    expect(seen).toEqual(['::1']);
  });
});
