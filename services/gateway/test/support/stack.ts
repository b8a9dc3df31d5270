import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  createTestDatabase,
  deleteTestTopology,
  testAmqpUrl,
  testBrokerNames,
  type TestDatabase,
} from '@ticres/shared/testing';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { freePort, runNode, startNode, type RunningProcess } from './processes';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const serviceScript = (service: string, script: string) => path.join(REPO_ROOT, 'services', service, 'dist', script);
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const READY_TIMEOUT_MS = 30_000;

/** The services behind the gateway, in start order; each migrates its own schema first. */
const BACKENDS = ['auth', 'catalog', 'booking'] as const;
type Backend = (typeof BACKENDS)[number];

/**
 * auth, catalog, booking and the gateway running as real processes over gRPC and RabbitMQ, on a
 * database, an exchange, queues and Redis key prefixes of their own.
 */
export interface Stack {
  /** `http://127.0.0.1:<port>` of the gateway. */
  baseUrl: string;
  /** host:port of auth's gRPC server. */
  authAddress: string;
  /** A superuser connection to the run's database, for set-up the API does not offer. */
  sql: Client;
  /** The URL of the run's database with a service's own role, as that service connects. */
  databaseUrlOf(service: Backend): string;
  /** SIGTERM to the gateway alone; resolves with how it ended (`code 0` after a clean shutdown). */
  stopGateway(): Promise<string>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Extra gateway environment, e.g. a lower limit. */
  gatewayEnv?: NodeJS.ProcessEnv;
  /** Extra booking environment, e.g. HOLD_TTL_SECONDS. */
  bookingEnv?: NodeJS.ProcessEnv;
}

/** The environment a child starts from: this one, without anything the parent's own config set. */
export function baseEnv(): NodeJS.ProcessEnv {
  const {
    HTTP_PORT: _port,
    HTTP_HOST: _host,
    GRPC_BIND: _bind,
    DATABASE_URL: _db,
    DATABASE_ADMIN_URL: _adminDb,
    AMQP_EXCHANGE: _exchange,
    AMQP_QUEUE: _queue,
    ...rest
  } = process.env;
  return { ...rest, NODE_ENV: 'test', LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn' };
}

/** The service's own login on the run's database, as its bootstrap creates it. */
function serviceDatabaseUrl(database: TestDatabase, service: Backend): string {
  const url = new URL(database.url);
  url.username = `ticres_${service}`;
  url.password = `ticres_${service}`;
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

async function deleteRedisKeys(prefixes: string[]): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

/**
 * Creates a fresh database and migrates it with each service's own migrate script, then starts
 * auth, catalog, booking and the gateway on free ports (a RabbitMQ exchange and queue and Redis
 * key prefixes of this run's own) and waits for the gateway's /readyz, which checks them all.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const database = await createTestDatabase('ticres_gw_e2e');
  const runId = randomBytes(6).toString('hex');
  const rateLimitPrefix = `ticres:rl:e2e:${runId}`;
  const cachePrefix = `ticres:catalog:e2e:${runId}`;
  const amqpUrl = testAmqpUrl();
  const broker = testBrokerNames();
  const bookingQueue = `${broker.queuePrefix}booking`;
  const processes: RunningProcess[] = [];
  const sql = new Client({ connectionString: database.url });

  async function stop(): Promise<void> {
    // The gateway first, so it stops taking requests before the services behind it go.
    for (const running of [...processes].reverse()) await running.stop();
    await sql.end().catch(() => undefined);
    await deleteTestTopology(amqpUrl, { exchange: broker.exchange, queues: [bookingQueue] }).catch(() => undefined);
    await deleteRedisKeys([rateLimitPrefix, cachePrefix]);
    await database.drop();
  }

  try {
    const databaseUrlOf = (service: Backend) => serviceDatabaseUrl(database, service);
    for (const service of BACKENDS) {
      await runNode(
        `${service} migrate`,
        serviceScript(service, 'migrate.js'),
        { ...baseEnv(), DATABASE_URL: databaseUrlOf(service), DATABASE_ADMIN_URL: database.url },
        REPO_ROOT,
      );
    }

    const [authAddress, catalogAddress, bookingAddress] = await Promise.all(
      BACKENDS.map(async () => `127.0.0.1:${await freePort()}`),
    );
    const bus = { AMQP_URL: amqpUrl, AMQP_EXCHANGE: broker.exchange };
    const backendEnv: Record<Backend, NodeJS.ProcessEnv> = {
      auth: { GRPC_BIND: authAddress, BCRYPT_COST: '4' },
      catalog: {
        GRPC_BIND: catalogAddress,
        AUTH_GRPC_URL: authAddress,
        REDIS_URL,
        CACHE_KEY_PREFIX: cachePrefix,
        ...bus,
        OUTBOX_POLL_MS: '200',
      },
      booking: {
        GRPC_BIND: bookingAddress,
        AUTH_GRPC_URL: authAddress,
        ...bus,
        AMQP_QUEUE: bookingQueue,
        OUTBOX_POLL_MS: '200',
        SWEEP_INTERVAL_MS: '500',
        ...options.bookingEnv,
      },
    };
    for (const service of BACKENDS) {
      processes.push(
        startNode(
          service,
          serviceScript(service, 'main.js'),
          { ...baseEnv(), DATABASE_URL: databaseUrlOf(service), ...backendEnv[service] },
          REPO_ROOT,
        ),
      );
    }

    const httpPort = await freePort();
    const gateway = startNode(
      'gateway',
      serviceScript('gateway', 'main.js'),
      {
        ...baseEnv(),
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(httpPort),
        AUTH_GRPC_URL: authAddress,
        CATALOG_GRPC_URL: catalogAddress,
        BOOKING_GRPC_URL: bookingAddress,
        REDIS_URL,
        RATE_LIMIT_KEY_PREFIX: rateLimitPrefix,
        ...options.gatewayEnv,
      },
      REPO_ROOT,
    );
    processes.push(gateway);
    const baseUrl = `http://127.0.0.1:${httpPort}`;
    await waitUntilReady(baseUrl, processes);
    await sql.connect();
    return { baseUrl, authAddress: authAddress!, sql, databaseUrlOf, stopGateway: () => gateway.stop(), stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
