/**
 * The TicRes stack as an operator runs it (NODE_ENV=production, JSON logs at info, tracing off),
 * started the way scripts/start.sh starts its local processes (each service's migrate, then its
 * dist/main.js with its own GRPC_BIND / DATABASE_URL / AMQP_URL / AMQP_QUEUE), but on everything of
 * its own: free ports, a fresh database `ticres_bench_<random>`, a RabbitMQ vhost with a broker user
 * per service (as a deployment has them), an exchange and queues and Redis key prefixes named after the run, and the notifier sending to an SMTP server in this process.
 * A developer's running stack and the test suite are never touched; stop() removes it all.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { formatPublisherUsers } from '@ticres/shared';
import shared, { type TestBrokerUsers } from '@ticres/shared/testing';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import pg from 'pg';
import { sleep } from './clock.ts';
import { startMailbox, type Mailbox } from './mailbox.ts';
import { runNode, startNode, type RunningProcess } from './processes.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const RUN_DIR = path.join(REPO_ROOT, 'bench', '.run');

export const SERVICES = ['auth', 'catalog', 'booking', 'payment', 'notifier', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];
type DatabaseService = Exclude<ServiceName, 'gateway'>;

const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const AMQP_URL = process.env.BENCH_AMQP_URL ?? process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const READY_TIMEOUT_MS = 90_000;

export interface StackOptions {
  /** Settings every service gets (NODE_ENV, LOG_LEVEL, limits, ...), on top of the bench defaults. */
  settings: Record<string, string>;
}

export interface Stack {
  baseUrl: string;
  /** A superuser connection to the run's database. */
  sql: pg.Client;
  databaseName: string;
  /** Admin (superuser) URL of the run's database. */
  adminUrl: string;
  mailbox: Mailbox;
  /** The running process of each service. */
  process(name: ServiceName): RunningProcess;
  pids(): Record<ServiceName, number>;
  /** The settings every service was started with (for the report). */
  settings: Record<string, string>;
  /** Redis key prefix of catalog's cache (to announce rows written straight into catalog's schema). */
  cachePrefix: string;
  redis(): Redis;
  /** Messages waiting (ready, not yet delivered) in the run's booking, payment and notifier queues. */
  pendingMessages(): Promise<number>;
  /**
   * Stops auth (SIGKILL after 3 s: work queued for callers that gave up is abandoned on purpose)
   * and starts it again with `env` on top of its settings (same port and database).
   */
  restartAuth(env: Record<string, string>): Promise<void>;
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

/**
 * The environment a child starts from: only what a process needs to run, no inherited configuration.
 * NODE_OPTIONS carries the flags scripts/start.sh runs every service with (scripts/service-node-flags),
 * then BENCH_NODE_OPTIONS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile every service
 * through a run (profiles are written when the stack stops).
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'UV_THREADPOOL_SIZE'];
  const env: NodeJS.ProcessEnv = Object.fromEntries(keep.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]]));
  const serviceFlags = readFileSync(path.join(REPO_ROOT, 'scripts', 'service-node-flags'), 'utf8').trim();
  env.NODE_OPTIONS = [serviceFlags, process.env.BENCH_NODE_OPTIONS].filter(Boolean).join(' ');
  return env;
}

const serviceUrl = (adminUrl: string, service: DatabaseService): string => shared.asRole(adminUrl, `ticres_${service}`);

async function waitForHttp200(what: string, url: string, processes: RunningProcess[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const dead = processes.find((p) => p.hasEnded());
    if (dead) throw new Error(`${dead.name} exited during start-up (${dead.child.signalCode ?? `code ${dead.child.exitCode}`}):\n${dead.tail()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = String(error);
    }
    await sleep(100);
  }
  throw new Error(`${what} not ready after ${READY_TIMEOUT_MS} ms (last: ${last})\n${processes.map((p) => `--- ${p.name}\n${p.tail()}`).join('\n')}`);
}

export async function startStack({ settings }: StackOptions): Promise<Stack> {
  const runId = randomBytes(5).toString('hex');
  mkdirSync(RUN_DIR, { recursive: true });
  const logFile = (name: string) => path.join(RUN_DIR, `${name}.log`);
  const database = await shared.createTestDatabase('ticres_bench');
  const exchange = `ticres.events.bench.${runId}`;
  const queueOf = (service: string) => `bench.${runId}.${service}`;
  const cachePrefix = `ticres:catalog:bench:${runId}`;
  const writeLimitPrefix = `ticres:writes:bench:${runId}`;
  const loginLimitPrefix = `ticres:login:bench:${runId}`;
  const notifierSecret = `bench-notifier-${randomBytes(12).toString('hex')}`;
  const paymentSecret = `bench-payment-${randomBytes(12).toString('hex')}`;
  const gatewaySecret = `bench-gateway-${randomBytes(12).toString('hex')}`;
  const processes = new Map<ServiceName, RunningProcess>();
  const envOf = new Map<ServiceName, NodeJS.ProcessEnv>();
  const sql = new pg.Client({ connectionString: database.url });
  let mailbox: Mailbox | undefined;
  let redis: Redis | undefined;
  let broker: amqp.ChannelModel | undefined;
  const queueNames = { booking: queueOf('booking'), payment: queueOf('payment'), notifier: queueOf('notifier') };
  const queues = Object.values(queueNames);
  let brokerUsers: TestBrokerUsers | undefined;

  async function stop({ keepDatabase = false } = {}): Promise<void> {
    // The gateway first, so it stops taking requests before the services behind it go.
    for (const name of [...SERVICES].reverse()) await processes.get(name)?.stop(5_000);
    await mailbox?.close().catch(() => undefined);
    await broker?.close().catch(() => undefined);
    await sql.end().catch(() => undefined);
    // The run's vhost goes with every exchange and queue in it.
    await brokerUsers?.delete();
    const keys = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      for (const prefix of [cachePrefix, writeLimitPrefix, loginLimitPrefix]) {
        const found = await keys.keys(`${prefix}:*`);
        if (found.length > 0) await keys.del(...found);
      }
    } finally {
      keys.disconnect();
      redis?.disconnect();
    }
    if (!keepDatabase) await database.drop();
  }

  const start = (name: ServiceName, append = false) => {
    const proc = startNode(name, path.join(REPO_ROOT, 'services', name, 'dist', 'main.js'), envOf.get(name)!, {
      cwd: REPO_ROOT,
      logFile: logFile(name),
      append,
    });
    processes.set(name, proc);
    return proc;
  };

  try {
    mailbox = await startMailbox();
    // Metrics on free ports, so a bench run never collides with a stack already on the defaults.
    // The services that own writes count them per person in Redis, under this run's prefix.
    const common = { ...cleanEnv(), METRICS_PORT: '0', REDIS_URL, WRITE_LIMIT_KEY_PREFIX: writeLimitPrefix, ...settings };
    const dbServices: DatabaseService[] = ['auth', 'catalog', 'booking', 'payment', 'notifier'];
    // Each service's own migrate script, all at once (their bootstrap is safe to run concurrently).
    await Promise.all(
      dbServices.map((service) =>
        runNode(
          `${service} migrate`,
          path.join(REPO_ROOT, 'services', service, 'dist', 'migrate.js'),
          {
            ...common,
            DATABASE_URL: serviceUrl(database.url, service),
            DATABASE_ADMIN_URL: database.url,
          },
          { cwd: REPO_ROOT, logFile: logFile(`${service}-migrate`) },
        ),
      ),
    );
    const [auth, catalog, booking, payment] = await Promise.all([0, 1, 2, 3].map(async () => `127.0.0.1:${await shared.freePort()}`));
    const httpPort = await shared.freePort();
    const notifierPort = await shared.freePort();
    brokerUsers = await shared.createTestBrokerUsers({ exchange, queues: queueNames }, AMQP_URL);
    const users = brokerUsers;
    const bus = (service: 'catalog' | 'booking' | 'payment' | 'notifier') => ({
      AMQP_URL: users.urlOf(service),
      AMQP_EXCHANGE: exchange,
      AMQP_PUBLISHER_USERS: formatPublisherUsers(users.publishers),
    });
    const db = (service: DatabaseService) => ({ DATABASE_URL: serviceUrl(database.url, service) });
    envOf.set('auth', {
      ...common,
      ...db('auth'),
      GRPC_BIND: auth!,
      SERVICE_SECRETS: `notifier=${notifierSecret},payment=${paymentSecret},gateway=${gatewaySecret}`,
      REDIS_URL,
      LOGIN_LIMIT_KEY_PREFIX: loginLimitPrefix,
    });
    envOf.set('catalog', {
      ...common,
      ...db('catalog'),
      ...bus('catalog'),
      GRPC_BIND: catalog!,
      AUTH_GRPC_URL: auth!,
      REDIS_URL,
      CACHE_KEY_PREFIX: cachePrefix,
    });
    envOf.set('booking', { ...common, ...db('booking'), ...bus('booking'), GRPC_BIND: booking!, AUTH_GRPC_URL: auth!, AMQP_QUEUE: queueOf('booking') });
    envOf.set('payment', {
      ...common,
      ...db('payment'),
      ...bus('payment'),
      GRPC_BIND: payment!,
      AUTH_GRPC_URL: auth!,
      BOOKING_GRPC_URL: booking!,
      AMQP_QUEUE: queueOf('payment'),
      PAYMENT_SERVICE_SECRET: paymentSecret,
    });
    envOf.set('notifier', {
      ...common,
      ...db('notifier'),
      ...bus('notifier'),
      AUTH_GRPC_URL: auth!,
      AMQP_QUEUE: queueOf('notifier'),
      NOTIFIER_SERVICE_SECRET: notifierSecret,
      NOTIFIER_HTTP_HOST: '127.0.0.1',
      NOTIFIER_HTTP_PORT: String(notifierPort),
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(mailbox.port),
    });
    envOf.set('gateway', {
      ...common,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      AUTH_GRPC_URL: auth!,
      CATALOG_GRPC_URL: catalog!,
      BOOKING_GRPC_URL: booking!,
      PAYMENT_GRPC_URL: payment!,
      REDIS_URL,
      GATEWAY_SERVICE_SECRET: gatewaySecret,
    });
    for (const name of SERVICES) start(name);
    const all = () => [...processes.values()];
    const baseUrl = `http://127.0.0.1:${httpPort}`;
    await waitForHttp200('gateway', `${baseUrl}/readyz`, all());
    // Its queue must be bound before the first booking, or that booking's mail is never sent.
    await waitForHttp200('notifier', `http://127.0.0.1:${notifierPort}/readyz`, all());
    await sql.connect();

    return {
      baseUrl,
      sql,
      databaseName: database.name,
      adminUrl: database.url,
      mailbox,
      process: (name) => processes.get(name)!,
      pids: () => Object.fromEntries(SERVICES.map((name) => [name, processes.get(name)!.pid])) as Record<ServiceName, number>,
      settings,
      cachePrefix,
      redis() {
        redis ??= new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
        return redis;
      },
      async pendingMessages() {
        // The broker is shared: when it drops the connection (restarted, or a test closing
        // connections), connect again next time; when it cannot say, count nothing waiting.
        try {
          if (!broker) {
            const connection = await amqp.connect(users.adminUrl);
            connection.on('error', () => undefined);
            connection.on('close', () => {
              if (broker === connection) broker = undefined;
            });
            broker = connection;
          }
          const channel = await broker.createChannel();
          channel.on('error', () => undefined);
          try {
            let total = 0;
            for (const queue of queues) total += (await channel.checkQueue(queue)).messageCount;
            return total;
          } finally {
            await channel.close().catch(() => undefined);
          }
        } catch {
          const stale = broker;
          broker = undefined;
          await stale?.close().catch(() => undefined);
          return 0;
        }
      },
      async restartAuth(env) {
        await processes.get('auth')!.stop(3_000);
        envOf.set('auth', { ...envOf.get('auth'), ...env });
        start('auth', true);
        await waitForHttp200('gateway (after restarting auth)', `${baseUrl}/readyz`, all());
      },
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
