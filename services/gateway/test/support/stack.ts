import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@ticres/shared/testing';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { freePort, runNode, startNode, type RunningProcess } from './processes';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const AUTH_MAIN = path.join(REPO_ROOT, 'services/auth/dist/main.js');
const AUTH_MIGRATE = path.join(REPO_ROOT, 'services/auth/dist/migrate.js');
const GATEWAY_MAIN = path.join(REPO_ROOT, 'services/gateway/dist/main.js');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const READY_TIMEOUT_MS = 30_000;

/** auth and the gateway running as real processes over gRPC, on a database of their own. */
export interface Stack {
  /** `http://127.0.0.1:<port>` of the gateway. */
  baseUrl: string;
  /** host:port of auth's gRPC server. */
  authAddress: string;
  /** A superuser connection to the run's database, for set-up the API does not offer. */
  sql: Client;
  /** SIGTERM to the gateway alone; resolves with how it ended (`code 0` after a clean shutdown). */
  stopGateway(): Promise<string>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Extra gateway environment, e.g. a lower limit. */
  gatewayEnv?: NodeJS.ProcessEnv;
}

/** The environment a child starts from: this one, without anything the parent's own config set. */
function baseEnv(): NodeJS.ProcessEnv {
  const { HTTP_PORT: _port, HTTP_HOST: _host, GRPC_BIND: _bind, DATABASE_URL: _db, ...rest } = process.env;
  return { ...rest, NODE_ENV: 'test', LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn' };
}

/** The service's own login on the run's database, as auth's bootstrap creates it. */
function authDatabaseUrl(database: TestDatabase): string {
  const url = new URL(database.url);
  url.username = 'ticres_auth';
  url.password = 'ticres_auth';
  return url.toString();
}

async function waitUntilReady(baseUrl: string, processes: RunningProcess[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastStatus = 'no answer';
  while (Date.now() < deadline) {
    const dead = processes.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    if (dead) throw new Error(`${dead.name} exited during start-up:\n${dead.output()}`);
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      lastStatus = `${res.status} ${await res.text()}`;
    } catch (error) {
      lastStatus = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const logs = processes.map((p) => `--- ${p.name}\n${p.output()}`).join('\n');
  throw new Error(`gateway not ready after ${READY_TIMEOUT_MS} ms (last: ${lastStatus})\n${logs}`);
}

/**
 * Creates a fresh database, migrates it with auth's own migrate script, starts auth and the
 * gateway on free ports with a rate-limit key prefix of their own, and waits for /readyz.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const database = await createTestDatabase('ticres_gw_e2e');
  const rateLimitPrefix = `ticres:rl:e2e:${randomBytes(6).toString('hex')}`;
  const processes: RunningProcess[] = [];
  const sql = new Client({ connectionString: database.url });

  async function stop(): Promise<void> {
    // The gateway first, so it stops taking requests before auth goes away.
    for (const running of [...processes].reverse()) await running.stop();
    await sql.end().catch(() => undefined);
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      const keys = await redis.keys(`${rateLimitPrefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    await database.drop();
  }

  try {
    const databaseUrl = authDatabaseUrl(database);
    await runNode(
      'auth migrate',
      AUTH_MIGRATE,
      { ...baseEnv(), DATABASE_URL: databaseUrl, DATABASE_ADMIN_URL: database.url },
      REPO_ROOT,
    );

    const authAddress = `127.0.0.1:${await freePort()}`;
    processes.push(
      startNode(
        'auth',
        AUTH_MAIN,
        { ...baseEnv(), GRPC_BIND: authAddress, DATABASE_URL: databaseUrl, BCRYPT_COST: '4' },
        REPO_ROOT,
      ),
    );

    const httpPort = await freePort();
    processes.push(
      startNode(
        'gateway',
        GATEWAY_MAIN,
        {
          ...baseEnv(),
          HTTP_HOST: '127.0.0.1',
          HTTP_PORT: String(httpPort),
          AUTH_GRPC_URL: authAddress,
          REDIS_URL,
          RATE_LIMIT_KEY_PREFIX: rateLimitPrefix,
          ...options.gatewayEnv,
        },
        REPO_ROOT,
      ),
    );
    const gateway = processes[processes.length - 1]!;
    const baseUrl = `http://127.0.0.1:${httpPort}`;
    await waitUntilReady(baseUrl, processes);
    await sql.connect();
    return { baseUrl, authAddress, sql, stopGateway: () => gateway.stop(), stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
