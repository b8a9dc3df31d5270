import { spawn } from 'node:child_process';
import path from 'node:path';
import { startGrpcServer, type RunningGrpcServer } from '../src';

/** The built probe, as a container's health check runs it. */
const PROBE = path.resolve(__dirname, '..', 'dist', 'grpc', 'health-probe-main.js');

function runProbe(grpcBind: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PROBE], { env: { PATH: process.env.PATH, GRPC_BIND: grpcBind } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output: output.trim() }));
  });
}

describe('gRPC health probe (the container health check)', () => {
  let server: RunningGrpcServer;

  beforeAll(async () => {
    server = await startGrpcServer('127.0.0.1:0', []);
  });
  afterAll(() => server.shutdown(1_000));

  it('succeeds while the server reports SERVING and fails once it reports NOT_SERVING', async () => {
    // GRPC_BIND as a container sets it: the probe asks loopback at its port.
    expect(await runProbe(`0.0.0.0:${server.port}`)).toEqual({ code: 0, output: 'SERVING' });
    server.markNotServing();
    expect(await runProbe(`0.0.0.0:${server.port}`)).toEqual({ code: 1, output: 'NOT_SERVING' });
  });

  it('fails when nothing answers on the port', async () => {
    expect((await runProbe('0.0.0.0:1')).code).toBe(1);
  });

  it('fails with a message naming GRPC_BIND when it is malformed', async () => {
    const { code, output } = await runProbe('no-port');
    expect(code).toBe(1);
    expect(output).toContain('GRPC_BIND');
  });
});
