import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { formatPublisherUsers } from '@ticres/shared';
import {
  asRole,
  createTestBrokerUsers,
  createTestDatabase,
  deleteTestRedisKeys,
  freePort,
  testAmqpUrl,
  testBrokerNames,
  testRabbitmqCtl,
  testRedisUrl,
  type RabbitmqCtl,
  type TestBrokerUsers,
  type TestDatabase,
} from '@ticres/shared/testing';
import { Client } from 'pg';
import { startSmtpRecorder, type SmtpRecorder } from './mailbox';
import { hasEnded, outputsOf, runNode, startNode, waitUntilReady, type RunningProcess } from './processes';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const serviceScript = (service: string, script: string) => path.join(REPO_ROOT, 'services', service, 'dist', script);
const REDIS_URL = testRedisUrl();
/** How long the stack's start may take (E2E_READY_TIMEOUT_MS); a stack of replicas gets longer. */
// Generous: on a shared, loaded machine six processes may take half a minute to start.
const READY_TIMEOUT_MS = Number(process.env.E2E_READY_TIMEOUT_MS ?? 60_000);

/** The gRPC services behind the gateway, in start order; each migrates its own schema first. */
const BACKENDS = ['auth', 'catalog', 'booking', 'payment'] as const;
export type Backend = (typeof BACKENDS)[number];
/** Every service with a database of its own. */
type Service = Backend | 'notifier';
/** Every process of the stack; each serves its metrics on a port of its own. */
export type StackProcess = Service | 'gateway';

/** The notifier's, payment's and the gateway's shared secrets in auth's SERVICE_SECRETS, for this test run only. */
const NOTIFIER_SECRET = `e2e-notifier-${randomBytes(12).toString('hex')}`;
const PAYMENT_SECRET = `e2e-payment-${randomBytes(12).toString('hex')}`;
const GATEWAY_SECRET = `e2e-gateway-${randomBytes(12).toString('hex')}`;

/**
 * auth, catalog, booking, payment and the gateway (and, when asked, the notifier) running as real
 * processes over gRPC and RabbitMQ, on a database, an exchange, queues and Redis key prefixes of
 * their own.
 */
export interface Stack {
  /** `http://127.0.0.1:<port>` of the (first) gateway. */
  baseUrl: string;
  /** Every gateway replica's base URL, the first being `baseUrl`. */
  baseUrls: string[];
  /** host:port of auth's gRPC server. */
  authAddress: string;
  /** host:port of each backend's gRPC server. */
  grpcAddresses: Record<Backend, string>;
  /** The secrets auth trades for a service token (IssueServiceToken), in this run. */
  serviceSecrets: { notifier: string; payment: string; gateway: string };
  /** A superuser connection to the run's database, for set-up the API does not offer. */
  sql: Client;
  /** The URL of that connection, for a test that needs one of its own (e.g. after a database restart). */
  adminDatabaseUrl: string;
  /** The in-process SMTP server the notifier sends to; only with `notifier: true`. */
  mailbox: SmtpRecorder;
  /** `http://127.0.0.1:<port>` of the notifier's /healthz and /readyz; only with `notifier: true`. */
  notifierUrl: string;
  /** The URL of the run's database with a service's own role, as that service connects. */
  databaseUrlOf(service: Service): string;
  /** `http://127.0.0.1:<port>/metrics` of a process of the stack (its first replica) (the notifier's only with `notifier: true`). */
  metricsUrlOf(process: StackProcess): string;
  /** SIGTERM to one process (a replica's first); resolves with how it ended (`code 0` after a clean shutdown). */
  stopProcess(name: StackProcess): Promise<string>;
  /** SIGKILL to one process, as a crash or an OOM kill would end it; resolves once it has ended. */
  killProcess(name: StackProcess): Promise<void>;
  /** Starts a process that was killed again, with the same settings; resolves once the stack is ready. */
  startProcess(name: StackProcess): Promise<void>;
  /** The recent output of every process, for a failure message. */
  logs(): string;
  /** The pid of every process still running, by name; one that has ended is left out. */
  runningPids(): Record<string, number>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Extra environment of every service and the gateway, e.g. OTEL_EXPORTER_OTLP_ENDPOINT. */
  env?: NodeJS.ProcessEnv;
  /** Extra gateway environment, e.g. a lower limit. */
  gatewayEnv?: NodeJS.ProcessEnv;
  /** Extra auth environment, e.g. a dearer BCRYPT_COST than the suite's 4. */
  authEnv?: NodeJS.ProcessEnv;
  /** Extra booking environment, e.g. HOLD_TTL_SECONDS. */
  bookingEnv?: NodeJS.ProcessEnv;
  /** Extra payment environment, e.g. the simulated provider's latency. */
  paymentEnv?: NodeJS.ProcessEnv;
  /** Extra notifier environment. */
  notifierEnv?: NodeJS.ProcessEnv;
  /** Also run the notifier, sending its mail to `stack.mailbox`. */
  notifier?: boolean;
  /**
   * Processes of each of the gateway, booking, payment and the notifier (default 1); auth and
   * catalog run once. Replica i of the gateway calls booking i and payment i; payment i claims at
   * booking i + 1, so a purchase crosses replicas; the notifiers share their queue.
   */
  replicas?: number;
  /** The admin URL of the PostgreSQL server to use (default: the test server), e.g. a private one a test restarts. */
  databaseAdminUrl?: string;
  /** The RabbitMQ node to use (default: the test broker), e.g. a private one a test restarts. */
  broker?: { url: string; ctl: RabbitmqCtl };
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
  // Metrics on a free port unless a test names one: two stacks never fight over the defaults.
  return { ...rest, NODE_ENV: 'test', LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn', METRICS_PORT: '0' };
}

/** `name`, `name#2`, `name#3`, ...: the process name of replica `index`. */
const replicaName = (name: string, index: number) => (index === 0 ? name : `${name}#${index + 1}`);

/** The service's own login on the run's database, as its bootstrap creates it. */
const serviceDatabaseUrl = (database: TestDatabase, service: Service): string => asRole(database.url, `ticres_${service}`);

/**
 * Creates a fresh database and migrates it with each service's own migrate script, then starts
 * auth, catalog, booking, payment (and the notifier, when asked, with an SMTP server in this
 * process) and the gateway on free ports (a RabbitMQ vhost with a broker user per service, an
 * exchange and queues, and Redis key prefixes of this run's own) and waits for the gateway's /readyz, which checks them all, and for the
 * notifier's.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const replicas = options.replicas ?? 1;
  const replicaIndexes = Array.from({ length: replicas }, (_, index) => index);
  const database = await createTestDatabase('ticres_gw_e2e', options.databaseAdminUrl);
  const runId = randomBytes(6).toString('hex');
  const writeLimitPrefix = `ticres:writes:e2e:${runId}`;
  const cachePrefix = `ticres:catalog:e2e:${runId}`;
  const revocationPrefix = `ticres:revoked:e2e:${runId}`;
  const loginLimitPrefix = `ticres:login:e2e:${runId}`;
  const broker = testBrokerNames();
  const queueOf = (service: Service) => `${broker.queuePrefix}${service}`;
  const services: Service[] = [...BACKENDS, ...(options.notifier ? (['notifier'] as const) : [])];
  /** The processes in start order; the gateway last. */
  const running = new Map<string, RunningProcess>();
  const processes = () => [...running.values()];
  /** How each process was started, by its name (replicaName), to start it again after a kill. */
  const launches = new Map<string, () => RunningProcess>();
  const launch = (service: StackProcess, replica: number, env: NodeJS.ProcessEnv) => {
    const name = replicaName(service, replica);
    const start = () => startNode(name, serviceScript(service, 'main.js'), env, REPO_ROOT);
    launches.set(name, start);
    running.set(name, start());
  };
  const readiness: [string, string][] = [];
  const sql = new Client({ connectionString: database.url });
  let mailbox: SmtpRecorder | undefined;
  let brokerUsers: TestBrokerUsers | undefined;

  async function stop(): Promise<void> {
    // The gateway first, so it stops taking requests before the services behind it go.
    for (const child of processes().reverse()) await child.stop();
    await mailbox?.close().catch(() => undefined);
    await sql.end().catch(() => undefined);
    // The vhost goes with every exchange and queue in it; a private node goes with everything.
    if (!options.broker) await brokerUsers?.delete();
    await deleteTestRedisKeys([writeLimitPrefix, cachePrefix, revocationPrefix, loginLimitPrefix]);
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
        },
        REPO_ROOT,
      );
    }

    const address = async () => `127.0.0.1:${await freePort()}`;
    const [authAddress, catalogAddress] = await Promise.all([address(), address()]);
    const bookingAddresses = await Promise.all(replicaIndexes.map(address));
    const paymentAddresses = await Promise.all(replicaIndexes.map(address));
    const nextReplica = (index: number) => (index + 1) % replicas;
    /** Each process's metrics port, by its name (replicaName). */
    const metricsPorts = new Map<string, string>();
    const metricsEnv = async (name: string) => {
      const port = String(await freePort());
      metricsPorts.set(name, port);
      return { METRICS_BIND: '127.0.0.1', METRICS_PORT: port };
    };
    // Each service as its own broker user, with the rights a deployment gives it.
    brokerUsers = await createTestBrokerUsers(
      {
        exchange: broker.exchange,
        queues: { booking: queueOf('booking'), payment: queueOf('payment'), notifier: queueOf('notifier') },
      },
      options.broker?.url ?? testAmqpUrl(),
      options.broker?.ctl ?? testRabbitmqCtl,
    );
    const publishers = formatPublisherUsers(brokerUsers.publishers);
    const busOf = (service: 'catalog' | 'booking' | 'payment' | 'notifier') => ({
      AMQP_URL: brokerUsers!.urlOf(service),
      AMQP_EXCHANGE: broker.exchange,
      AMQP_PUBLISHER_USERS: publishers,
    });
    // Every service that owns writes counts them per person, together, under this run's prefix.
    const writeLimit = { REDIS_URL, WRITE_LIMIT_KEY_PREFIX: writeLimitPrefix };
    const backendEnv: Record<Backend, (replica: number) => NodeJS.ProcessEnv> = {
      auth: () => ({
        GRPC_BIND: authAddress,
        BCRYPT_COST: '4',
        SERVICE_SECRETS: `notifier=${NOTIFIER_SECRET},payment=${PAYMENT_SECRET},gateway=${GATEWAY_SECRET}`,
        ...writeLimit,
        REVOCATION_KEY_PREFIX: revocationPrefix,
        LOGIN_LIMIT_KEY_PREFIX: loginLimitPrefix,
        // Every test account signs up from 127.0.0.1; anti-hoarding.test checks the limit itself.
        REGISTER_LIMIT_PER_IP: '100000',
        ...options.authEnv,
      }),
      catalog: () => ({
        GRPC_BIND: catalogAddress,
        AUTH_GRPC_URL: authAddress,
        ...writeLimit,
        CACHE_KEY_PREFIX: cachePrefix,
        ...busOf('catalog'),
        OUTBOX_POLL_MS: '200',
      }),
      booking: (replica) => ({
        GRPC_BIND: bookingAddresses[replica],
        AUTH_GRPC_URL: authAddress,
        ...writeLimit,
        ...busOf('booking'),
        AMQP_QUEUE: queueOf('booking'),
        OUTBOX_POLL_MS: '200',
        SWEEP_INTERVAL_MS: '500',
        ...options.bookingEnv,
      }),
      payment: (replica) => ({
        GRPC_BIND: paymentAddresses[replica],
        AUTH_GRPC_URL: authAddress,
        BOOKING_GRPC_URL: bookingAddresses[nextReplica(replica)],
        ...writeLimit,
        ...busOf('payment'),
        AMQP_QUEUE: queueOf('payment'),
        OUTBOX_POLL_MS: '200',
        PAYMENT_SERVICE_SECRET: PAYMENT_SECRET,
        ...options.paymentEnv,
      }),
    };
    const replicated = (service: Backend) => (service === 'booking' || service === 'payment' ? replicaIndexes : [0]);
    for (const service of BACKENDS) {
      for (const replica of replicated(service)) {
        launch(service, replica, {
          ...baseEnv(),
          ...options.env,
          ...(await metricsEnv(replicaName(service, replica))),
          DATABASE_URL: databaseUrlOf(service),
          ...backendEnv[service](replica),
        });
      }
    }

    let notifierUrl: string | undefined;
    if (options.notifier) {
      mailbox = await startSmtpRecorder();
      for (const replica of replicaIndexes) {
        const notifierPort = await freePort();
        // The first notifier's URL is the stack's notifierUrl.
        notifierUrl ??= `http://127.0.0.1:${notifierPort}`;
        readiness.push(['notifier', `http://127.0.0.1:${notifierPort}/readyz`]);
        launch('notifier', replica, {
          ...baseEnv(),
          ...options.env,
          ...(await metricsEnv(replicaName('notifier', replica))),
          DATABASE_URL: databaseUrlOf('notifier'),
          NOTIFIER_HTTP_HOST: '127.0.0.1',
          NOTIFIER_HTTP_PORT: String(notifierPort),
          AUTH_GRPC_URL: authAddress,
          NOTIFIER_SERVICE_SECRET: NOTIFIER_SECRET,
          ...busOf('notifier'),
          AMQP_QUEUE: queueOf('notifier'),
          SMTP_HOST: '127.0.0.1',
          SMTP_PORT: String(mailbox.port),
          ...options.notifierEnv,
        });
      }
    }

    const baseUrls: string[] = [];
    for (const replica of replicaIndexes) {
      const httpPort = await freePort();
      launch('gateway', replica, {
        ...baseEnv(),
        ...options.env,
        ...(await metricsEnv(replicaName('gateway', replica))),
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(httpPort),
        AUTH_GRPC_URL: authAddress,
        CATALOG_GRPC_URL: catalogAddress,
        BOOKING_GRPC_URL: bookingAddresses[replica],
        PAYMENT_GRPC_URL: paymentAddresses[replica],
        REDIS_URL,
        GATEWAY_SERVICE_SECRET: GATEWAY_SECRET,
        REVOCATION_KEY_PREFIX: revocationPrefix,
        // Every request reads the revocation record; the cache's bound is covered by revocation-check.spec.
        REVOCATION_CACHE_MS: '0',
        // Tests read their own writes at once; the cache's bound is covered by public-cache.spec.
        PUBLIC_CACHE_TTL_MS: '0',
        ...options.gatewayEnv,
      });
      baseUrls.push(`http://127.0.0.1:${httpPort}`);
    }
    const [baseUrl] = baseUrls as [string];
    // The gateways first; the notifiers' queue must be bound before the first booking, or that booking's mail is never sent.
    readiness.unshift(...baseUrls.map((url): [string, string] => ['gateway', `${url}/readyz`]));
    // Every replica starts at once: with two of each, a loaded machine needed over a minute.
    const readyTimeoutMs = replicas === 1 ? READY_TIMEOUT_MS : 2 * replicas * READY_TIMEOUT_MS;
    const untilReady = async () => {
      for (const [what, url] of readiness) await waitUntilReady(what, url, processes(), readyTimeoutMs);
    };
    await untilReady();
    // A test that restarts the database loses this connection; it opens another (adminDatabaseUrl).
    sql.on('error', () => undefined);
    await sql.connect();
    return {
      baseUrl,
      baseUrls,
      authAddress,
      sql,
      adminDatabaseUrl: database.url,
      get mailbox(): SmtpRecorder {
        if (!mailbox) throw new Error('this stack runs no notifier: start it with { notifier: true }');
        return mailbox;
      },
      get notifierUrl(): string {
        if (!notifierUrl) throw new Error('this stack runs no notifier: start it with { notifier: true }');
        return notifierUrl;
      },
      databaseUrlOf,
      metricsUrlOf(name) {
        const port = metricsPorts.get(name);
        if (!port) throw new Error(`this stack runs no ${name}`);
        return `http://127.0.0.1:${port}/metrics`;
      },
      serviceSecrets: { notifier: NOTIFIER_SECRET, payment: PAYMENT_SECRET, gateway: GATEWAY_SECRET },
      grpcAddresses: { auth: authAddress, catalog: catalogAddress, booking: bookingAddresses[0]!, payment: paymentAddresses[0]! },
      stopProcess(name) {
        const target = running.get(name);
        if (!target) throw new Error(`this stack runs no ${name}`);
        // As long as the process's own shutdown may take (SHUTDOWN_TIMEOUT_MS in a test's environment).
        return target.stop(60_000);
      },
      async killProcess(name) {
        const target = running.get(name);
        if (!target || hasEnded(target)) throw new Error(`${name} is not running`);
        target.child.kill('SIGKILL');
        await target.exited;
      },
      async startProcess(name) {
        const start = launches.get(name);
        if (!start) throw new Error(`this stack runs no ${name}`);
        // Replacing the entry keeps its place in the start order, so `stop` still ends the gateway first.
        running.set(name, start());
        await untilReady();
      },
      logs: () => outputsOf(processes()),
      runningPids: () =>
        Object.fromEntries(
          processes()
            .filter((p) => !hasEnded(p) && p.child.pid !== undefined)
            .map((p) => [p.name, p.child.pid!]),
        ),
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
