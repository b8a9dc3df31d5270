import { randomBytes } from 'node:crypto';
import type { AuthProto } from '@ticres/proto';
import { createGrpcClient, loadProto, type GrpcClient } from '@ticres/shared';
import { asRole, createTestDatabase, deleteTestRedisKeys, testRedisUrl, type TestDatabase } from '@ticres/shared/testing';
import { startAuthService, type RunningAuthService } from '../../src/auth-service';
import { loadAuthConfig } from '../../src/config';
import { AUTH_ROLE, silentLogger } from './auth-database';

export type AuthClient = InstanceType<AuthProto['ticres']['auth']['v1']['AuthService']>;

export interface AuthOverGrpc {
  client: GrpcClient<AuthClient>;
  service: RunningAuthService;
  address: string;
  /** The run's database with auth's own role. */
  serviceUrl: string;
  /** This run's own prefix of the revocation record in the shared Redis. */
  revocationPrefix: string;
  /** This run's own prefix of the login and sign-up counters and known addresses. */
  loginLimitPrefix: string;
  /** This run's own prefix of the write counters. */
  writeLimitPrefix: string;
  stop(): Promise<void>;
}

/**
 * The real auth service on a database of its own (bootstrapped by MIGRATE_ON_START), a free port,
 * Redis prefixes of its own (revocations, login and sign-up limits, writes), and a client. The
 * sign-up limit is out of the way unless `overrides` sets it.
 */
export async function startAuthOverGrpc(name: string, overrides: NodeJS.ProcessEnv = {}): Promise<AuthOverGrpc> {
  const database: TestDatabase = await createTestDatabase(name);
  const serviceUrl = asRole(database.url, AUTH_ROLE);
  const revocationPrefix = `ticres:revoked:test:${randomBytes(6).toString('hex')}`;
  const loginLimitPrefix = `ticres:login:test:${randomBytes(6).toString('hex')}`;
  const writeLimitPrefix = `ticres:writes:test:${randomBytes(6).toString('hex')}`;
  const config = loadAuthConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    GRPC_BIND: '127.0.0.1:0',
    DATABASE_URL: serviceUrl,
    DATABASE_ADMIN_URL: database.url,
    MIGRATE_ON_START: 'true',
    BCRYPT_COST: '4',
    REDIS_URL: testRedisUrl(),
    REVOCATION_KEY_PREFIX: revocationPrefix,
    LOGIN_LIMIT_KEY_PREFIX: loginLimitPrefix,
    WRITE_LIMIT_KEY_PREFIX: writeLimitPrefix,
    // Every test signs up from 127.0.0.1; register-limit.test sets a limit.
    REGISTER_LIMIT_PER_IP: '1000000',
    ...overrides,
  });
  const service = await startAuthService(config, { logger: silentLogger });
  const address = `127.0.0.1:${service.port}`;
  const client = createGrpcClient(loadProto<AuthProto>('auth').ticres.auth.v1.AuthService, address, 5000);
  return {
    client,
    service,
    address,
    serviceUrl,
    revocationPrefix,
    loginLimitPrefix,
    writeLimitPrefix,
    async stop() {
      client.close();
      await service.stop();
      await database.drop();
      await deleteTestRedisKeys([revocationPrefix, loginLimitPrefix, writeLimitPrefix]);
    },
  };
}
