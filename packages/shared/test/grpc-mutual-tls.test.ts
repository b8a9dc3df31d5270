import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuthProto } from '@ticres/proto';
import {
  ConfigError,
  createGrpcHealthClient,
  grpcTransport,
  loadProto,
  plaintextTransport,
  startGrpcServer,
  type GrpcTransport,
  type RunningGrpcServer,
} from '../src';

const SERVICE = 'ticres.auth.v1.AuthService';
const MAKE_CERTS = path.resolve(__dirname, '../../../scripts/make-grpc-certs.sh');

/** Certificates of a CA of their own for `names`, made by the script the README documents. */
function certificates(dir: string, ...names: string[]): void {
  execFileSync('bash', [MAKE_CERTS, dir, ...names], { stdio: 'ignore' });
}

const transportOf = (dir: string, name: string, caDir = dir): GrpcTransport =>
  grpcTransport({
    GRPC_TLS_CA_FILE: path.join(caDir, 'ca.crt'),
    GRPC_TLS_CERT_FILE: path.join(dir, `${name}.crt`),
    GRPC_TLS_KEY_FILE: path.join(dir, `${name}.key`),
  });

describe('gRPC with mutual TLS', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ticres-grpc-tls-'));
  const strangers = path.join(dir, 'strangers');
  let server: RunningGrpcServer;

  beforeAll(async () => {
    certificates(dir, 'auth', 'gateway');
    certificates(strangers, 'gateway');
    const proto = loadProto<AuthProto>('auth');
    server = await startGrpcServer('127.0.0.1:0', [{ name: SERVICE, definition: proto.ticres.auth.v1.AuthService.service, implementation: {} }], {
      credentials: transportOf(dir, 'auth').server,
    });
  });
  afterAll(async () => {
    await server?.shutdown(1_000);
    rmSync(dir, { recursive: true, force: true });
  });

  async function check(transport: GrpcTransport): Promise<string> {
    const health = createGrpcHealthClient(`127.0.0.1:${server.port}`, 2_000, transport.channel);
    try {
      return await health.check(SERVICE);
    } finally {
      health.close();
    }
  }

  it('serves a caller whose certificate the CA signed', async () => {
    await expect(check(transportOf(dir, 'gateway'))).resolves.toBe('SERVING');
  });

  it('refuses a plaintext caller and one whose certificate another CA signed', async () => {
    await expect(check(plaintextTransport())).rejects.toThrow();
    await expect(check(transportOf(strangers, 'gateway', dir))).rejects.toThrow();
  });

  it('is plaintext with no file given, and refuses some files without the others', () => {
    expect(grpcTransport({})).toEqual(plaintextTransport());
    expect(() => grpcTransport({ GRPC_TLS_CA_FILE: path.join(dir, 'ca.crt') })).toThrow(ConfigError);
  });
});
