import type { AuthProto } from '@ticres/proto';
import { createGrpcHealthClient, loadProto, startGrpcServer, type RunningGrpcServer } from '../src';

const SERVICE = 'ticres.auth.v1.AuthService';

describe('gRPC health client', () => {
  let server: RunningGrpcServer;

  beforeAll(async () => {
    const proto = loadProto<AuthProto>('auth');
    server = await startGrpcServer('127.0.0.1:0', [{ name: SERVICE, definition: proto.ticres.auth.v1.AuthService.service, implementation: {} }]);
  });
  afterAll(() => server.shutdown(1_000));

  it('reads the status a server reports for a service, and its change', async () => {
    const health = createGrpcHealthClient(`127.0.0.1:${server.port}`, 1_000);
    try {
      expect(await health.check(SERVICE)).toBe('SERVING');
      server.markNotServing();
      expect(await health.check(SERVICE)).toBe('NOT_SERVING');
    } finally {
      health.close();
    }
  });

  it('rejects when nothing answers within the deadline', async () => {
    const health = createGrpcHealthClient('127.0.0.1:1', 200);
    try {
      await expect(health.check(SERVICE)).rejects.toThrow();
    } finally {
      health.close();
    }
  });
});
