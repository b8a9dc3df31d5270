import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { formatPublisherUsers } from '@ticres/shared';
import {
  asRole,
  createTestBrokerUsers,
  createTestDatabase,
  freePort,
  testBrokerNames,
  type TestBrokerUsers,
  type TestDatabase,
} from '@ticres/shared/testing';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { startSmtpRecorder, type SmtpRecorder } from './mailbox';
import { runNode, startNode, type RunningProcess } from './processes';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const serviceScript = (service: string, script: string) => path.join(REPO_ROOT, 'services', service, 'dist', script);
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** How long start-up may take; a machine under heavy load may need E2E_READY_TIMEOUT_MS longer. */
const READY_TIMEOUT_MS = Number(process.env.E2E_READY_TIMEOUT_MS ?? 30_000);

/** The gRPC services behind the gateway, in start order; each migrates its own schema first. */
const BACKENDS = ['auth', 'catalog', 'booking', 'payment'] as const;
export type Backend = (typeof BACKENDS)[number];
/** Every service with a database of its own. */
type Service = Backend | 'notifier';

/** The notifier's and payment's shared secrets in auth's SERVICE_SECRETS, for this test run only. */
const NOTIFIER_SECRET = `e2e-notifier-${randomBytes(12).toString('hex')}`;
const PAYMENT_SECRET = `e2e-payment-${randomBytes(12).toString('hex')}`;

/**
 * auth, catalog, booking, payment and the gateway (and, when asked, the notifier) running as real
 * processes over gRPC and RabbitMQ, on a database, an exchange, queues and Redis key prefixes of
 * their own.
 */
export interface Stack {
  /** `http://127.0.0.1:<port>` of the gateway. */
  baseUrl: string;
  /** host:port of auth's gRPC server. */
  authAddress: string;
  /** host:port of each backend's gRPC server. */
  grpcAddresses: Record<Backend, string>;
  /** The secrets auth trades for a service token (IssueServiceToken), in this run. */
  serviceSecrets: { notifier: string; payment: string };
  /** A superuser connection to the run's database, for set-up the API does not offer. */
  sql: Client;
  /** The in-process SMTP server the notifier sends to; only with `notifier: true`. */
  mailbox: SmtpRecorder;
  /** The URL of the run's database with a service's own role, as that service connects. */
  databaseUrlOf(service: Service): string;
  /** SIGTERM to the gateway alone; resolves with how it ended (`code 0` after a clean shutdown). */
  stopGateway(): Promise<string>;
  /** The recent output of every process, for a failure message. */
  logs(): string;
  /** The pid of every process still running, by name; one that has ended is left out. */
  runningPids(): Record<string, number>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Extra gateway environment, e.g. a lower limit. */
  gatewayEnv?: NodeJS.ProcessEnv;
  /** Extra auth environment, e.g. a dearer BCRYPT_COST than the suite's 4. */
  authEnv?: NodeJS.ProcessEnv;
  /** Extra booking environment, e.g. HOLD_TTL_SECONDS. */
  bookingEnv?: NodeJS.ProcessEnv;
  /** Extra payment environment, e.g. the simulated provider's latency. */
  paymentEnv?: NodeJS.ProcessEnv;
  /** Also run the notifier, sending its mail to `stack.mailbox`. */
  notifier?: boolean;
}

/** The environment a child starts from: this one, without anything the parent's own config set. */
export function baseEnv(): NodeJS.ProcessEnv {
  const {
    HTTP_PORT: _port,
    HTTP_HOST: _host,
    GRPC_BIND: _bind,
    DATABASE_URL: _db,
    DATABASE_ADMIN_URL: _adminDb,
    AMQP_URL: _amqpUrl,
    AMQP_EXCHANGE: _exchange,
    AMQP_QUEUE: _queue,
    AMQP_PUBLISHER_USERS: _publishers,
    SMTP_HOST: _smtpHost,
    SMTP_PORT: _smtpPort,
    ...rest
  } = process.env;
  return { ...rest, NODE_ENV: 'test', LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn' };
}

/** The service's own login on the run's database, as its bootstrap creates it. */
const serviceDatabaseUrl = (database: TestDatabase, service: Service): string => asRole(database.url, `ticres_${service}`);

const hasEnded = (p: RunningProcess) => p.child.exitCode !== null || p.child.signalCode !== null;

/** Resolves once `url` answers 200; fails early when one of the processes dies. */
async function waitUntilReady(what: string, url: string, processes: RunningProcess[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastStatus = 'no answer';
  while (Date.now() < deadline) {
    const dead = processes.find(hasEnded);
    if (dead) throw new Error(`${dead.name} exited during start-up:\n${dead.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      lastStatus = `${res.status} ${await res.text()}`;
    } catch (error) {
      lastStatus = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const logs = processes.map((p) => `--- ${p.name}\n${p.output()}`).join('\n');
  throw new Error(`${what} not ready after ${READY_TIMEOUT_MS} ms (last: ${lastStatus})\n${logs}`);
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
 * auth, catalog, booking, payment (and the notifier, when asked, with an SMTP server in this
 * process) and the gateway on free ports (a RabbitMQ vhost with a broker user per service, an
 * exchange and queues, and Redis key prefixes of this run's own) and waits for the gateway's /readyz, which checks them all, and for the
 * notifier's.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const database = await createTestDatabase('ticres_gw_e2e');
  const runId = randomBytes(6).toString('hex');
  const rateLimitPrefix = `ticres:rl:e2e:${runId}`;
  const cachePrefix = `ticres:catalog:e2e:${runId}`;
  const revocationPrefix = `ticres:revoked:e2e:${runId}`;
  const broker = testBrokerNames();
  const queueOf = (service: Service) => `${broker.queuePrefix}${service}`;
  const services: Service[] = [...BACKENDS, ...(options.notifier ? (['notifier'] as const) : [])];
  const processes: RunningProcess[] = [];
  const sql = new Client({ connectionString: database.url });
  let mailbox: SmtpRecorder | undefined;
  let brokerUsers: TestBrokerUsers | undefined;

  async function stop(): Promise<void> {
    // The gateway first, so it stops taking requests before the services behind it go.
    for (const running of [...processes].reverse()) await running.stop();
    await mailbox?.close().catch(() => undefined);
    await sql.end().catch(() => undefined);
    // The vhost goes with every exchange and queue in it.
    await brokerUsers?.delete();
    await deleteRedisKeys([rateLimitPrefix, cachePrefix, revocationPrefix]);
    await database.drop();
  }

  try {
    const databaseUrlOf = (service: Service) => serviceDatabaseUrl(database, service);
    for (const service of services) {
      await runNode(
        `${service} migrate`,
        serviceScript(service, 'migrate.js'),
        {
          ...baseEnv(),
          DATABASE_URL: databaseUrlOf(service),
          DATABASE_ADMIN_URL: database.url,
          // The notifier's and payment's migrations read their whole configuration, secrets included.
          ...(service === 'notifier' ? { NOTIFIER_SERVICE_SECRET: NOTIFIER_SECRET } : {}),
          ...(service === 'payment' ? { PAYMENT_SERVICE_SECRET: PAYMENT_SECRET } : {}),
        },
        REPO_ROOT,
      );
    }

    const [authAddress, catalogAddress, bookingAddress, paymentAddress] = await Promise.all(
      BACKENDS.map(async () => `127.0.0.1:${await freePort()}`),
    );
    // Each service as its own broker user, with the rights a deployment gives it.
    brokerUsers = await createTestBrokerUsers({
      exchange: broker.exchange,
      queues: { booking: queueOf('booking'), payment: queueOf('payment'), notifier: queueOf('notifier') },
    });
    const publishers = formatPublisherUsers(brokerUsers.publishers);
    const busOf = (service: 'catalog' | 'booking' | 'payment' | 'notifier') => ({
      AMQP_URL: brokerUsers!.urlOf(service),
      AMQP_EXCHANGE: broker.exchange,
      AMQP_PUBLISHER_USERS: publishers,
    });
    const backendEnv: Record<Backend, NodeJS.ProcessEnv> = {
      auth: {
        GRPC_BIND: authAddress,
        BCRYPT_COST: '4',
        SERVICE_SECRETS: `notifier=${NOTIFIER_SECRET},payment=${PAYMENT_SECRET}`,
        REDIS_URL,
        REVOCATION_KEY_PREFIX: revocationPrefix,
        ...options.authEnv,
      },
      catalog: {
        GRPC_BIND: catalogAddress,
        AUTH_GRPC_URL: authAddress,
        REDIS_URL,
        CACHE_KEY_PREFIX: cachePrefix,
        ...busOf('catalog'),
        OUTBOX_POLL_MS: '200',
      },
      booking: {
        GRPC_BIND: bookingAddress,
        AUTH_GRPC_URL: authAddress,
        ...busOf('booking'),
        AMQP_QUEUE: queueOf('booking'),
        OUTBOX_POLL_MS: '200',
        SWEEP_INTERVAL_MS: '500',
        ...options.bookingEnv,
      },
      payment: {
        GRPC_BIND: paymentAddress,
        AUTH_GRPC_URL: authAddress,
        BOOKING_GRPC_URL: bookingAddress,
        ...busOf('payment'),
        AMQP_QUEUE: queueOf('payment'),
        OUTBOX_POLL_MS: '200',
        PAYMENT_SERVICE_SECRET: PAYMENT_SECRET,
        ...options.paymentEnv,
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

    let notifierHealth: string | undefined;
    if (options.notifier) {
      mailbox = await startSmtpRecorder();
      const notifierPort = await freePort();
      notifierHealth = `http://127.0.0.1:${notifierPort}/readyz`;
      processes.push(
        startNode(
          'notifier',
          serviceScript('notifier', 'main.js'),
          {
            ...baseEnv(),
            DATABASE_URL: databaseUrlOf('notifier'),
            NOTIFIER_HTTP_HOST: '127.0.0.1',
            NOTIFIER_HTTP_PORT: String(notifierPort),
            AUTH_GRPC_URL: authAddress,
            NOTIFIER_SERVICE_SECRET: NOTIFIER_SECRET,
            ...busOf('notifier'),
            AMQP_QUEUE: queueOf('notifier'),
            SMTP_HOST: '127.0.0.1',
            SMTP_PORT: String(mailbox.port),
          },
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
        PAYMENT_GRPC_URL: paymentAddress,
        REDIS_URL,
        RATE_LIMIT_KEY_PREFIX: rateLimitPrefix,
        REVOCATION_KEY_PREFIX: revocationPrefix,
        // Every request reads the revocation record; the cache's bound is covered by revocation-check.spec.
        REVOCATION_CACHE_MS: '0',
        // Tests read their own writes at once; the cache's bound is covered by public-cache.spec.
        PUBLIC_CACHE_TTL_MS: '0',
        // Every test account signs up from 127.0.0.1; anti-hoarding.test checks the limit itself.
        REGISTER_LIMIT_PER_IP: '100000',
        ...options.gatewayEnv,
      },
      REPO_ROOT,
    );
    processes.push(gateway);
    const baseUrl = `http://127.0.0.1:${httpPort}`;
    await waitUntilReady('gateway', `${baseUrl}/readyz`, processes);
    // Its queue must be bound before the first booking, or that booking's mail is never sent.
    if (notifierHealth) await waitUntilReady('notifier', notifierHealth, processes);
    await sql.connect();
    return {
      baseUrl,
      authAddress: authAddress!,
      sql,
      get mailbox(): SmtpRecorder {
        if (!mailbox) throw new Error('this stack runs no notifier: start it with { notifier: true }');
        return mailbox;
      },
      databaseUrlOf,
      serviceSecrets: { notifier: NOTIFIER_SECRET, payment: PAYMENT_SECRET },
      grpcAddresses: { auth: authAddress!, catalog: catalogAddress!, booking: bookingAddress!, payment: paymentAddress! },
      stopGateway: () => gateway.stop(),
      logs: () => processes.map((p) => `--- ${p.name}\n${p.output()}`).join('\n'),
      runningPids: () =>
        Object.fromEntries(processes.filter((p) => !hasEnded(p) && p.child.pid !== undefined).map((p) => [p.name, p.child.pid!])),
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
